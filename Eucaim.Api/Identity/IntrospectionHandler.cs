using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>
/// Opaque LS Login access tokens, checked by token introspection (RFC 7662) with the API's own
/// client credentials (<c>client_secret_basic</c>): active, a bearer access token (never a refresh
/// token), our issuer and audience. Answers, active or not, are cached briefly.
/// </summary>
internal sealed class IntrospectionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IHttpClientFactory httpClients,
    LsLoginMetadata metadata,
    IdentityCache cache,
    PrincipalEnricher enricher,
    IOptions<LsLoginOptions> lsLogin,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string HttpClientName = "lslogin-introspection";
    private const string CacheKind = "introspection";

    /// <summary>The claims copied from an introspection answer into the principal.</summary>
    private static readonly string[] CopiedClaims = ["sub", "iss", "client_id", "scope", "exp", "iat", "name", "email"];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken.From(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        try
        {
            var answer = await IntrospectAsync(token);
            var identity = Validate(answer);
            var principal = new ClaimsPrincipal(identity);
            await enricher.EnrichLsLoginAsync(principal, token, Context.RequestAborted);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }
        catch (Exception ex) when (ex is SignInProviderUnavailableException or TokenRejectedException)
        {
            return AuthenticateResult.Fail(ex);
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await BearerChallenge.WriteAsync(Context, result.Failure, null);
    }

    private async Task<IntrospectionAnswer> IntrospectAsync(string token)
    {
        if (cache.TryGet<IntrospectionAnswer>(CacheKind, token, out var cached))
        {
            return cached;
        }

        var settings = lsLogin.Value;
        var endpoint = (await metadata.GetAsync(Context.RequestAborted)).IntrospectionEndpoint;
        if (string.IsNullOrEmpty(endpoint))
        {
            throw new SignInProviderUnavailableException("The sign-in provider advertises no introspection endpoint, so opaque access tokens cannot be checked.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token,
                ["token_type_hint"] = "access_token",
            }),
        };
        // RFC 6749 2.3.1: client id and secret are form-encoded before they are joined.
        var credentials = $"{Uri.EscapeDataString(settings.Introspection.ClientId!)}:{Uri.EscapeDataString(settings.Introspection.ClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        string body;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, Context.RequestAborted);
            body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                Logger.LogError("Token introspection answered {Status}: {Body}", (int)response.StatusCode, body.Length > 300 ? body[..300] : body);
                throw new SignInProviderUnavailableException($"The sign-in provider's token introspection answered {(int)response.StatusCode}. Try again shortly.");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !Context.RequestAborted.IsCancellationRequested)
        {
            throw new SignInProviderUnavailableException("The sign-in provider's token introspection could not be reached. Try again shortly.", ex);
        }

        var answer = IntrospectionAnswer.Parse(body)
            ?? throw new SignInProviderUnavailableException("The sign-in provider's token introspection answered something that is not an RFC 7662 response.");
        cache.Set(CacheKind, token, answer, settings.Introspection.CacheSeconds, answer.Expires);
        return answer;
    }

    private ClaimsIdentity Validate(IntrospectionAnswer answer)
    {
        var settings = lsLogin.Value;
        var now = time.GetUtcNow();
        var skew = TimeSpan.FromSeconds(settings.ClockSkewSeconds);
        if (!answer.Active)
        {
            throw new TokenRejectedException("The token is not active (expired, revoked or unknown)");
        }

        if (answer.Expires is { } expires && expires + skew < now)
        {
            throw new TokenRejectedException("The token expired");
        }

        var issuer = UserInfo.Text(answer.Root, "iss");
        if (issuer is not null && issuer != settings.ExpectedIssuer)
        {
            throw new TokenRejectedException("The issuer is invalid");
        }

        // An active answer may be for a refresh token, which providers introspect too (without a
        // token_type, as RFC 7662 makes it optional): only a bearer access token signs anyone in.
        var tokenType = UserInfo.Text(answer.Root, "token_type");
        if (!string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new TokenRejectedException(tokenType is null
                ? "The token is not an access token (introspection gives no token_type; refresh tokens are not accepted)"
                : $"The token is not a bearer access token (token_type '{tokenType}')");
        }

        // Required, as for JWTs: a token without our audience was issued for someone else.
        var audiences = UserInfo.Strings(answer.Root, "aud");
        if (!audiences.Contains(settings.Audience, StringComparer.Ordinal))
        {
            throw new TokenRejectedException(audiences.Count == 0 ? "The audience is missing" : "The audience is invalid");
        }

        if (UserInfo.Text(answer.Root, "sub") is null)
        {
            throw new TokenRejectedException("The token has no subject (sub)");
        }

        var identity = new ClaimsIdentity(Scheme.Name, "name", PlatformClaimTypes.Role);
        foreach (var name in CopiedClaims)
        {
            if (answer.Root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                identity.AddClaim(new Claim(name, value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()!));
            }
        }

        if (issuer is null)
        {
            identity.AddClaim(new Claim("iss", settings.ExpectedIssuer));
        }

        identity.AddClaims(UserInfo.Strings(answer.Root, PrincipalEnricher.EntitlementClaim).Select(e => new Claim(PrincipalEnricher.EntitlementClaim, e)));
        return identity;
    }

    /// <summary>An RFC 7662 answer, kept whole (it is small) so cached answers are validated like fresh ones.</summary>
    private sealed record IntrospectionAnswer(bool Active, DateTimeOffset? Expires, JsonElement Root)
    {
        public static IntrospectionAnswer? Parse(string json)
        {
            try
            {
                var root = JsonDocument.Parse(json).RootElement.Clone();
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("active", out var active)
                    || active.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return null;
                }

                DateTimeOffset? expires = root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : null;
                return new IntrospectionAnswer(active.GetBoolean(), expires, root);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentOutOfRangeException)
            {
                return null;
            }
        }
    }
}
