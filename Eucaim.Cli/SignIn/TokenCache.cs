using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eucaim.Cli.Config;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.SignIn;

/// <summary>
/// Tokens per platform URL: <c>tokens/&lt;host&gt;-&lt;hash&gt;.json</c> in the config folder (0600, the
/// folders 0700). The host keeps the file recognisable; the hash of the whole URL keeps two
/// platforms on one host apart.
/// </summary>
internal sealed class TokenCache(ConfigFolder folder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string PathOf(Uri platform)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(platform.AbsoluteUri)))[..16];
        var host = new string([.. platform.Host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')]);
        return folder.File("tokens", $"{host}-{platform.Port}-{hash}.json");
    }

    public CachedSignIn? Read(Uri platform)
    {
        var text = folder.ReadText(PathOf(platform));
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CachedSignIn>(text, Json);
        }
        catch (JsonException)
        {
            // A damaged cache is a sign-out, not a crash: the next login writes a good one.
            return null;
        }
    }

    public void Write(Uri platform, CachedSignIn signIn) => folder.WritePrivate(PathOf(platform), JsonSerializer.Serialize(signIn, Json));

    public void Delete(Uri platform) => folder.Delete(PathOf(platform));
}
