using Eucaim.Core.Audit;

namespace Eucaim.Core.Identity;

/// <summary>
/// Who acts in a use case, and from where: the signed-in identity (or anonymous) and the client
/// address the audit trail records. The Api binds it from the request once; Workers act as
/// <see cref="System(string)"/>.
/// </summary>
public sealed record Actor(PlatformIdentity Identity, string? ClientAddress)
{
    /// <summary>A background component of the platform, named <c>system:&lt;component&gt;</c> in the audit trail.</summary>
    public static Actor System(string component) => new(PlatformIdentity.Anonymous, null) { SystemComponent = component };

    public string? SystemComponent { get; private init; }

    /// <summary>The subject of a signed-in caller; use cases that need one check <see cref="PlatformIdentity.IsSignedIn"/> first.</summary>
    public string Subject => Identity.Subject ?? throw new InvalidOperationException("The caller is not signed in.");

    /// <summary>An audit entry for <paramref name="action"/> by this actor.</summary>
    public AuditEntry Audit(string action) =>
        new(action, SystemComponent is null ? Identity.Subject ?? "anonymous" : $"system:{SystemComponent}") { ClientAddress = ClientAddress };
}
