namespace Eucaim.Core.Tenants;

/// <summary>A person added to a tenant by subject, in addition to the members of its LS Login group.</summary>
public sealed class TenantMember
{
    public Guid TenantId { get; set; }

    /// <summary>The LS Login subject identifier.</summary>
    public required string Subject { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public required string AddedBy { get; set; }
}
