namespace Eucaim.Api.Identity;

/// <summary>
/// Microsoft Entra ID as a second sign-in, bound from <c>Authentication:Entra</c> (the
/// Microsoft.Identity.Web section shape). Off unless both <see cref="TenantId"/> and
/// <see cref="ClientId"/> are set.
/// </summary>
internal sealed class EntraOptions
{
    public const string Section = "Authentication:Entra";

    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Defaults (in Microsoft.Identity.Web) to the client id and <c>api://&lt;client id&gt;</c>.</summary>
    public string? Audience { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>
    /// Whether <paramref name="issuer"/> is one of Entra's: the v2.0 issuer on the configured
    /// instance or the v1.0 <c>sts.windows.net</c> issuer. Which tenant is accepted is decided
    /// by Microsoft.Identity.Web's issuer validation, not here.
    /// </summary>
    public bool IsEntraIssuer(string issuer)
    {
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        var instance = Uri.TryCreate(Instance, UriKind.Absolute, out var configured) ? configured.Host : "login.microsoftonline.com";
        return string.Equals(uri.Host, instance, StringComparison.OrdinalIgnoreCase)
            || string.Equals(uri.Host, "sts.windows.net", StringComparison.OrdinalIgnoreCase);
    }
}
