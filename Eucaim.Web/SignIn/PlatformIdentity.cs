using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;

namespace Eucaim.Web.SignIn;

/// <summary>
/// Asks the API who the person just signed in is (<c>GET /api/me</c>), and writes its answer into
/// the session's identity: roles, tenants and organizations as the API maps them.
/// </summary>
internal sealed class PlatformIdentity(HttpClient http)
{
    public async Task AddToAsync(ClaimsIdentity identity, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var me = await response.Content.ReadFromJsonAsync<Me>(cancellationToken)
            ?? throw new InvalidOperationException("GET /api/me answered an empty body.");

        Replace(identity, "name", me.Name is { Length: > 0 } name ? [name] : []);
        Replace(identity, "email", me.Email is { Length: > 0 } email ? [email] : []);
        Replace(identity, PortalClaims.Role, me.Roles);
        Replace(identity, PortalClaims.Tenant, me.Tenants);
        Replace(identity, PortalClaims.Organization, me.Organizations);
    }

    private static void Replace(ClaimsIdentity identity, string type, IEnumerable<string> values)
    {
        foreach (var claim in identity.FindAll(type).ToList())
        {
            identity.RemoveClaim(claim);
        }

        identity.AddClaims(values.Select(v => new Claim(type, v)));
    }

    private sealed record Me(string Subject, string? Name, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Organizations, IReadOnlyList<string> Tenants);
}
