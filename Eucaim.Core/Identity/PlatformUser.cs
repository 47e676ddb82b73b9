namespace Eucaim.Core.Identity;

/// <summary>
/// A person known to the platform, recorded the first time they call the API with a valid token.
/// The platform never stores credentials: identity lives at Life Science Login.
/// </summary>
public sealed class PlatformUser
{
    public Guid Id { get; set; }

    /// <summary>The issuer's subject identifier, e.g. <c>3f2…@lifescience-ri.eu</c>.</summary>
    public required string Subject { get; set; }

    /// <summary>The issuer the subject belongs to; subjects are only unique per issuer.</summary>
    public required string Issuer { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}
