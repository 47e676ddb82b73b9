using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Eucaim.Web.SignIn;

/// <summary>
/// The tokens of a portal session, held server-side: refreshed shortly before the access token
/// expires (on the request that notices it), and revoked at LS Login when the person signs out.
/// </summary>
internal sealed partial class SessionTokens(
    IOptionsMonitor<OpenIdConnectOptions> providers, IOptions<SignInOptions> options, IMemoryCache refreshes, TimeProvider clock, ILogger<SessionTokens> logger)
{
    public const string AccessToken = "access_token";

    private const string RefreshToken = "refresh_token";

    private const string ExpiresAt = "expires_at";

    /// <summary>Cookie validation: a session whose access token is about to expire gets a fresh one, or ends.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = ExpiryOf(context.Properties);
        var now = clock.GetUtcNow();
        if (expiresAt is { } expiry && expiry - now > options.Value.RefreshBeforeExpiry)
        {
            return;
        }

        var refreshToken = context.Properties.GetTokenValue(RefreshToken);
        var refreshed = refreshToken is null ? null : await RefreshOnceAsync(refreshToken);
        switch (refreshed)
        {
            case { Tokens: { } tokens }:
                context.Properties.UpdateTokenValue(AccessToken, tokens.AccessToken);
                context.Properties.UpdateTokenValue(RefreshToken, tokens.RefreshToken ?? refreshToken!);
                context.Properties.UpdateTokenValue(ExpiresAt, now.AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture));
                context.ShouldRenew = true;
                break;
            case { Refused: false } when expiresAt > now:
                // The provider is unreachable but the token still works: keep the session, try again next request.
                break;
            default:
                LogSessionEnded(logger, context.Principal?.FindFirst("sub")?.Value);
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                break;
        }
    }

    /// <summary>Revokes the session's refresh token, so that nothing taken from the session outlives the sign-out.</summary>
    public async Task RevokeAsync(AuthenticationProperties properties, CancellationToken cancellationToken)
    {
        var refreshToken = properties.GetTokenValue(RefreshToken);
        var provider = providers.Get(OpenIdConnectDefaults.AuthenticationScheme);
        if (refreshToken is null || provider.ConfigurationManager is null)
        {
            return;
        }

        try
        {
            var configuration = await provider.ConfigurationManager.GetConfigurationAsync(cancellationToken);
            if (configuration.RevocationEndpoint is { Length: > 0 } revocation)
            {
                using var response = await provider.Backchannel.PostAsync(revocation, ClientForm(
                    ("token", refreshToken), ("token_type_hint", RefreshToken)), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    LogRevocationFailed(logger, (int)response.StatusCode);
                }
            }
        }
        catch (HttpRequestException problem)
        {
            // Sign-out goes on: the session is gone here, and the provider's own sign-out follows.
            LogRevocationUnreachable(logger, problem.Message);
        }
    }

    /// <summary>
    /// Requests of one page arrive together (the page, its style sheet): each sees the expiring token, but
    /// only the first refreshes it and the others take its answer, so a provider that rotates refresh tokens
    /// never sees the old one twice (which it would treat as theft and revoke the whole grant).
    /// </summary>
    private async Task<Refresh> RefreshOnceAsync(string refreshToken)
    {
        var key = "portal-refresh:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(refreshToken)));
        var refresh = await refreshes.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return RefreshAsync(refreshToken, CancellationToken.None); // shared: one request's abort must not fail the others
        })!;
        if (refresh.Tokens is null)
        {
            refreshes.Remove(key); // a failure is no answer to share: the next request tries again
        }

        return refresh;
    }

    private async Task<Refresh> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var provider = providers.Get(OpenIdConnectDefaults.AuthenticationScheme);
        try
        {
            var configuration = await provider.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            using var response = await provider.Backchannel.PostAsync(configuration.TokenEndpoint, ClientForm(
                ("grant_type", RefreshToken), (RefreshToken, refreshToken)), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefreshRefused(logger, (int)response.StatusCode, body.Length > 300 ? body[..300] : body);
                return new Refresh(null, Refused: (int)response.StatusCode is >= 400 and < 500);
            }

            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return new Refresh(new RefreshedTokens(
                root.GetProperty(AccessToken).GetString()!,
                root.TryGetProperty(RefreshToken, out var rotated) ? rotated.GetString() : null,
                root.TryGetProperty("expires_in", out var lifetime) ? lifetime.GetInt32() : 300), Refused: false);
        }
        catch (Exception problem) when (problem is HttpRequestException or InvalidOperationException or JsonException or KeyNotFoundException)
        {
            LogRefreshUnreachable(logger, problem.Message);
            return new Refresh(null, Refused: false);
        }
    }

    private FormUrlEncodedContent ClientForm(params (string Name, string Value)[] fields)
    {
        var client = options.Value;
        return new FormUrlEncodedContent([
            .. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)),
            KeyValuePair.Create("client_id", client.ClientId),
            KeyValuePair.Create("client_secret", client.ClientSecret)]);
    }

    private static DateTimeOffset? ExpiryOf(AuthenticationProperties properties) =>
        DateTimeOffset.TryParse(properties.GetTokenValue(ExpiresAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    private sealed record RefreshedTokens(string AccessToken, string? RefreshToken, int ExpiresIn);

    private sealed record Refresh(RefreshedTokens? Tokens, bool Refused);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal session of {Subject} ended: its access token expired and could not be refreshed.")]
    private static partial void LogSessionEnded(ILogger logger, string? subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LS Login refused to refresh a portal session's token ({Status}): {Body}")]
    private static partial void LogRefreshRefused(ILogger logger, int status, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LS Login could not be reached to refresh a portal session's token: {Reason}")]
    private static partial void LogRefreshUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LS Login answered {Status} to the revocation of a signed-out session's refresh token.")]
    private static partial void LogRevocationFailed(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LS Login could not be reached to revoke a signed-out session's refresh token: {Reason}")]
    private static partial void LogRevocationUnreachable(ILogger logger, string reason);
}
