namespace Eucaim.Cli.SignIn;

/// <summary>
/// One platform's tokens as kept on disk, with what is needed to refresh and revoke them without
/// asking the platform again (the provider and the client id it handed out).
/// </summary>
internal sealed record CachedSignIn(
    string Platform,
    string Authority,
    string ClientId,
    string AccessToken,
    string? RefreshToken,
    DateTimeOffset ExpiresAt,
    string? Scope);
