using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>
/// LS Login's userinfo endpoint, asked with the caller's own access token when the token does not
/// carry the entitlements (LS Login's access tokens usually do not). Answers are cached briefly per token.
/// </summary>
internal sealed class UserInfoClient(
    HttpClient http,
    LsLoginMetadata metadata,
    IdentityCache cache,
    IOptions<LsLoginOptions> options,
    ILogger<UserInfoClient> logger)
{
    public const string HttpClientName = "lslogin-userinfo";
    private const string CacheKind = "userinfo";

    /// <summary>The userinfo claims of <paramref name="token"/>'s subject, or null when userinfo refuses the token.</summary>
    public async Task<UserInfo?> GetAsync(string token, string subject, DateTimeOffset? tokenExpires, CancellationToken cancellationToken)
    {
        if (cache.TryGet<UserInfo>(CacheKind, token, out var cached))
        {
            return cached;
        }

        var endpoint = (await metadata.GetAsync(cancellationToken)).UserInfoEndpoint;
        if (string.IsNullOrEmpty(endpoint))
        {
            logger.LogWarning("The sign-in provider advertises no userinfo endpoint; entitlements come from access tokens only");
            return null;
        }

        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SignInProviderUnavailableException("The sign-in provider's userinfo endpoint could not be reached to read your entitlements. Try again shortly.", ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                logger.LogWarning("Userinfo refused the access token of {Subject} ({Status})", subject, (int)response.StatusCode);
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SignInProviderUnavailableException($"The sign-in provider's userinfo endpoint answered {(int)response.StatusCode}. Try again shortly.");
            }

            var info = UserInfo.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            // OpenID Connect Core 5.3.2: userinfo of another subject must not be used.
            if (info is null || info.Subject != subject)
            {
                logger.LogWarning("Userinfo answered for another subject than {Subject}; ignored", subject);
                return null;
            }

            cache.Set(CacheKind, token, info, options.Value.UserInfoCacheSeconds, tokenExpires);
            return info;
        }
    }
}

/// <summary>The userinfo claims the platform uses.</summary>
internal sealed record UserInfo(string Subject, string? Name, string? Email, IReadOnlyList<string> Entitlements)
{
    public static UserInfo? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return new UserInfo(sub.GetString()!, Text(root, "name"), Text(root, "email"), Strings(root, "eduperson_entitlement"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static IReadOnlyList<string> Strings(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.String ? [value.GetString()!]
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
        : [];
}
