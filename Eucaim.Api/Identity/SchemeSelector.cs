using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Eucaim.Api.Identity;

/// <summary>
/// Picks the handler for a request's bearer token without trusting it: the unverified <c>iss</c>
/// only chooses which validator checks the token, and every validator checks the issuer again.
/// </summary>
internal static class SchemeSelector
{
    public static string Select(HttpContext context, EntraOptions entra, bool introspection)
    {
        var token = BearerToken.From(context.Request);
        if (token is null)
        {
            return IdentitySchemes.LsLogin;
        }

        var dots = token.Count(c => c == '.');
        if (dots != 2)
        {
            // Not a JWS compact token: opaque (introspect it) when enabled; JwtBearer rejects it otherwise.
            return introspection && dots == 0 ? IdentitySchemes.LsLoginIntrospection : IdentitySchemes.LsLogin;
        }

        return entra.Enabled && UnverifiedIssuer(token) is { } issuer && entra.IsEntraIssuer(issuer)
            ? IdentitySchemes.Entra
            : IdentitySchemes.LsLogin;
    }

    private static string? UnverifiedIssuer(string token)
    {
        try
        {
            var payload = Base64UrlEncoder.DecodeBytes(token.Split('.')[1]);
            using var json = JsonDocument.Parse(payload);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("iss", out var iss)
                && iss.ValueKind == JsonValueKind.String
                    ? iss.GetString()
                    : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            // Malformed: LS Login's JwtBearer rejects it with a proper 401.
            return null;
        }
    }
}
