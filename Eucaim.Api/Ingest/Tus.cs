using System.Globalization;
using System.Text;
using Eucaim.Core.Ingest;

namespace Eucaim.Api.Ingest;

/// <summary>The tus 1.0 protocol's names and header formats (https://tus.io/protocols/resumable-upload).</summary>
internal static class Tus
{
    public const string Version = "1.0.0";
    public const string Extensions = "creation,checksum,termination,expiration";
    public const string ChecksumAlgorithms = "sha1,md5,sha256";
    public const string OffsetContentType = "application/offset+octet-stream";

    public const string ResumableHeader = "Tus-Resumable";
    public const string VersionHeader = "Tus-Version";
    public const string ExtensionHeader = "Tus-Extension";
    public const string MaxSizeHeader = "Tus-Max-Size";
    public const string ChecksumAlgorithmHeader = "Tus-Checksum-Algorithm";
    public const string OffsetHeader = TusHeaders.Offset;
    public const string LengthHeader = TusHeaders.Length;
    public const string DeferLengthHeader = "Upload-Defer-Length";
    public const string MetadataHeader = TusHeaders.Metadata;
    public const string ChecksumHeader = TusHeaders.Checksum;
    public const string ExpiresHeader = "Upload-Expires";
    public const string IdempotencyKeyHeader = TusHeaders.IdempotencyKey;

    /// <summary>The checksum extension's status for a chunk that does not match its <c>Upload-Checksum</c>.</summary>
    public const int ChecksumMismatch = 460;

    /// <summary>RFC 9110 date, as <c>Upload-Expires</c> requires.</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParseLong(string? value, out long result) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result);

    /// <summary>
    /// <c>Upload-Metadata</c>: comma-separated pairs "key base64(value)"; keys are unique ASCII
    /// without spaces or commas, a key may come without a value.
    /// </summary>
    public static Dictionary<string, string>? ParseMetadata(string? header)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header))
        {
            return result;
        }

        foreach (var pair in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > 2 || result.ContainsKey(parts[0]))
            {
                return null;
            }

            try
            {
                result[parts[0]] = parts.Length == 2 ? Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])) : "";
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return result;
    }
}
