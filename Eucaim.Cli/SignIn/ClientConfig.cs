using System.Text.Json;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.SignIn;

/// <summary>The platform's <c>GET /api/client-config</c>: which provider to sign in at, as which client, with which scopes.</summary>
internal sealed record ClientConfig(string Authority, string Issuer, string ClientId, IReadOnlyList<string> Scopes, string? Audience)
{
    public string Scope => string.Join(' ', Scopes);

    public static async Task<ClientConfig> FetchAsync(PlatformApi api, CancellationToken cancellationToken)
    {
        var json = await api.GetJsonAsync("api/client-config", accessToken: null, cancellationToken);
        try
        {
            return new ClientConfig(
                json.GetProperty("authority").GetString()!,
                json.GetProperty("issuer").GetString()!,
                json.GetProperty("clientId").GetString()!,
                [.. json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!)],
                json.TryGetProperty("audience", out var audience) ? audience.GetString() : null);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.Failure, $"{api.Platform.AbsoluteUri.TrimEnd('/')}/api/client-config is not a client configuration; is this a Eucaim platform?");
        }
    }
}
