using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.SignIn;

/// <summary>
/// The OAuth 2.0 device authorization grant (RFC 8628): the person opens the verification page on
/// any device and enters the code; the tool polls the token endpoint meanwhile. Works over SSH.
/// </summary>
internal static class DeviceFlow
{
    private const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<TokenAnswer> RunAsync(CliHost host, OidcProvider provider, ClientConfig client, CancellationToken cancellationToken)
    {
        var endpoint = provider.DeviceAuthorizationEndpoint
            ?? throw new CliException(ExitCodes.SignIn, $"the sign-in provider {provider.Authority} offers no device sign-in; use `eucaim login --browser`");
        var (status, authorization) = await provider.PostFormAsync(endpoint, new Dictionary<string, string>
        {
            ["client_id"] = client.ClientId,
            ["scope"] = client.Scope,
        }, cancellationToken);
        if (status != 200 || Text(authorization, "device_code") is not { } deviceCode || Text(authorization, "user_code") is not { } userCode
            || Text(authorization, "verification_uri") is not { } verificationUri)
        {
            throw new CliException(ExitCodes.SignIn, $"the sign-in provider refused to start a device sign-in: {Describe(authorization, status)}");
        }

        var interval = TimeSpan.FromSeconds(Number(authorization, "interval") ?? 5);
        var deadline = host.Time.GetUtcNow() + TimeSpan.FromSeconds(Number(authorization, "expires_in") ?? 600);

        host.Error.WriteLine($"To sign in, open {verificationUri} and enter the code {userCode}");
        if (Text(authorization, "verification_uri_complete") is { } complete)
        {
            host.Error.WriteLine($"(or open {complete})");
        }

        host.Error.WriteLine("Waiting for the sign-in to complete (Ctrl+C to stop)…");
        host.Error.Flush();

        while (true)
        {
            await Task.Delay(interval, host.Time, cancellationToken);
            if (host.Time.GetUtcNow() > deadline)
            {
                throw Expired();
            }

            var answer = await provider.TokenAsync(new Dictionary<string, string>
            {
                ["grant_type"] = GrantType,
                ["client_id"] = client.ClientId,
                ["device_code"] = deviceCode,
            }, cancellationToken);
            switch (answer.Error)
            {
                case null:
                    return answer;
                case "authorization_pending":
                    continue;
                case "slow_down":
                    // RFC 8628 §3.5: this and every later poll waits 5 seconds longer.
                    interval += TimeSpan.FromSeconds(5);
                    continue;
                case "expired_token":
                    throw Expired();
                case "access_denied":
                    throw new CliException(ExitCodes.SignIn, "the sign-in was cancelled or refused at the provider (access_denied)");
                default:
                    throw new CliException(ExitCodes.SignIn, $"the sign-in failed: {answer.Error}: {answer.ErrorDescription}");
            }
        }
    }

    private static CliException Expired() =>
        new(ExitCodes.SignIn, "the code expired before the sign-in was completed (expired_token); run `eucaim login` again");

    private static string Describe(JsonElement json, int status) =>
        $"{Text(json, "error") ?? $"HTTP {status}"} {Text(json, "error_description")}".Trim();

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Number(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) && n > 0 ? n : null;
}
