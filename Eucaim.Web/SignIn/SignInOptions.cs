using System.ComponentModel.DataAnnotations;

namespace Eucaim.Web.SignIn;

/// <summary>
/// The portal's client at Life Science Login (<c>Authentication:LsLogin</c>): a confidential web
/// client, because the portal is the backend that holds the tokens.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Authentication:LsLogin";

    /// <summary>The issuer, e.g. <c>https://login.aai.lifescience-ri.eu/oidc/</c>.</summary>
    [Required]
    public string Authority { get; set; } = "";

    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>The resource the access token is for: the Eucaim API's audience.</summary>
    [Required]
    public string Audience { get; set; } = "";

    /// <summary>
    /// Whether the provider's metadata must come over HTTPS. Left out: yes, except for a provider on the
    /// loopback interface (the dev provider); an in-cluster dev provider sets it to false explicitly.
    /// </summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>How long before expiry an access token is refreshed, so that an API call never carries one that dies on the way.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a portal session lasts without a request.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);
}
