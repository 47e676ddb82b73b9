using System.Security.Cryptography;

namespace Eucaim.Core.Federation;

/// <summary>
/// The ES256 keys of federation: each side signs with its own private key (a PEM file, mounted from a
/// Secret in a deployment) and verifies the other with the public key it was given when the node was
/// registered (hub side) or installed (node side). No key ever travels over the link.
/// </summary>
public static class FederationKey
{
    /// <summary>A private key from PEM text (PKCS#8 or SEC1); throws with <paramref name="what"/> in the message when it is not a P-256 key.</summary>
    public static ECDsa PrivateFromPem(string pem, string what)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{what} is not a PEM EC private key: {ex.Message}", ex);
        }

        RequireP256(key, what);
        return key;
    }

    /// <summary>A public key from PEM text (<c>-----BEGIN PUBLIC KEY-----</c>); null and why when it is not a P-256 public key.</summary>
    public static ECDsa? PublicFromPem(string pem, out string? problem)
    {
        problem = null;
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                problem = $"the key is {key.KeySize}-bit; federation uses P-256 (ES256)";
            }
            else if (HasPrivatePart(key))
            {
                problem = "this is a private key; give the node's public key (-----BEGIN PUBLIC KEY-----) and keep the private one at the node";
            }
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            problem = $"not a PEM public key: {ex.Message}";
        }

        if (problem is null)
        {
            return key;
        }

        key.Dispose();
        return null;
    }

    public static string PublicPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem();

    /// <summary>A short fingerprint to compare keys by eye (SHA-256 of the public key, first 16 hex digits).</summary>
    public static string Fingerprint(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    private static void RequireP256(ECDsa key, string what)
    {
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{what} is a {key.KeySize}-bit key; federation uses P-256 (ES256)");
        }
    }

    private static bool HasPrivatePart(ECDsa key)
    {
        try
        {
            return key.ExportParameters(includePrivateParameters: true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
