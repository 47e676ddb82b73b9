using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Eucaim.Dicom;

/// <summary>UID syntax (PS3.5 9.1) and generation of UUID-derived UIDs under the 2.25 root (PS3.5 B.2).</summary>
public static class DicomUid
{
    public const int MaxLength = 64;

    public static bool IsValid(string uid)
    {
        if (uid.Length is 0 or > MaxLength)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (!char.IsAsciiDigit(uid[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A UID derived from a keyed hash: the same key and input always give the same UID, and without the key
    /// the original cannot be recovered or confirmed. The 128 bits are shaped as a version 8 UUID.
    /// </summary>
    public static string FromKeyedHash(byte[] key, string input)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(input), hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(uuid, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
