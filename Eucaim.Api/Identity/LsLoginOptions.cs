namespace Eucaim.Api.Identity;

/// <summary>
/// Life Science Login (or, locally, the dev provider), bound from <c>Authentication:LsLogin</c>.
/// </summary>
internal sealed class LsLoginOptions
{
    public const string Section = "Authentication:LsLogin";

    /// <summary>LS Login's production issuer; its trailing slash is part of the issuer.</summary>
    public const string ProductionAuthority = "https://login.aai.lifescience-ri.eu/oidc/";

    /// <summary>Where discovery lives, and the issuer unless <see cref="Issuer"/> says otherwise.</summary>
    public string Authority { get; set; } = ProductionAuthority;

    /// <summary>
    /// The exact <c>iss</c> of accepted tokens, compared character by character (a trailing slash
    /// matters). Defaults to <see cref="Authority"/>.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>The discovery document's address, when it is not under the authority (e.g. behind a proxy).</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The <c>aud</c> access tokens for this API carry.</summary>
    public string Audience { get; set; } = "urn:eucaim:api";

    /// <summary>
    /// The issuer marks its JWT access tokens with the header <c>typ: at+jwt</c> (RFC 9068), so any
    /// other <c>typ</c>, or none, is refused. Off: <c>typ</c> may be absent, <c>JWT</c> or <c>at+jwt</c>.
    /// The dev provider types its tokens; set it for any issuer that does.
    /// </summary>
    public bool RequireAtJwt { get; set; }

    /// <summary>Unset: HTTPS required except for a loopback authority or in Development.</summary>
    public bool? RequireHttpsMetadata { get; set; }

    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>How long entitlements fetched from userinfo are reused for the same token.</summary>
    public int UserInfoCacheSeconds { get; set; } = 60;

    public IntrospectionSettings Introspection { get; set; } = new();

    public string ExpectedIssuer => string.IsNullOrWhiteSpace(Issuer) ? Authority : Issuer;

    public sealed class IntrospectionSettings
    {
        /// <summary>Opaque (non-JWT) access tokens are introspected (RFC 7662) only when enabled.</summary>
        public bool Enabled { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        /// <summary>How long an introspection answer is reused (never past the token's expiry).</summary>
        public int CacheSeconds { get; set; } = 60;
    }
}
