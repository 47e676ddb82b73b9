namespace Eucaim.Api.Identity;

/// <summary>Authentication scheme names of the API.</summary>
internal static class IdentitySchemes
{
    /// <summary>The default scheme: a policy scheme that forwards to one of the three below.</summary>
    public const string Bearer = "Bearer";

    /// <summary>JWT access tokens of LS Login (or the dev provider).</summary>
    public const string LsLogin = "LsLogin";

    /// <summary>Opaque access tokens of LS Login, checked by RFC 7662 introspection.</summary>
    public const string LsLoginIntrospection = "LsLoginIntrospection";

    /// <summary>Microsoft Entra ID access tokens (only when configured).</summary>
    public const string Entra = "Entra";
}
