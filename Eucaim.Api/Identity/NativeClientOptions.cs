namespace Eucaim.Api.Identity;

/// <summary>
/// The native client (the <c>eucaim</c> command-line tool) registered at LS Login for this platform,
/// bound from <c>Authentication:LsLogin:NativeClient</c> and advertised by <c>GET /api/client-config</c>,
/// so that a client needs nothing but the platform's URL to sign in.
/// </summary>
internal sealed class NativeClientOptions
{
    public const string Section = "Authentication:LsLogin:NativeClient";

    /// <summary>The public client's id at the provider (the dev provider's is <c>eucaim-cli</c>).</summary>
    public string ClientId { get; set; } = "eucaim-cli";

    /// <summary>Space-separated scopes the client asks for; <c>offline_access</c> brings the refresh token.</summary>
    public string Scopes { get; set; } = "openid profile email eduperson_entitlement offline_access";

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>RFC 6749 appendix A: a client id is visible ASCII, a scope token visible ASCII without <c>"</c> and <c>\</c>.</summary>
    public static bool IsClientId(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 256 && value.All(c => c is >= '!' and <= '~');

    public static bool IsScopeList(string? value)
    {
        var scopes = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return scopes.Contains("openid") && scopes.All(s => s.All(c => c is >= '!' and <= '~' and not '"' and not '\\'));
    }
}
