namespace Eucaim.Core.Access;

/// <summary>
/// Permission for one tenant to use one dataset (a fixed version, or whatever version is the latest
/// published) between <see cref="ValidFrom"/> and <see cref="ValidUntil"/>. Created by an approved
/// access request; ends by revocation or by expiry. Data reaches compute only through an active grant
/// (<see cref="GrantQueries.ActiveAt"/>).
/// </summary>
public sealed class Grant
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The tenant's slug, kept so that the grant reads well in logs, visas and jobs.</summary>
    public required string TenantSlug { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>A fixed version number, or null for "the latest published version" at the time of use.</summary>
    public int? Version { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    /// <summary>Exclusive end: the grant is no longer active at this instant.</summary>
    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Conditions the committee (and the data holder) attached, in their words.</summary>
    public string? Conditions { get; set; }

    /// <summary>The request whose approval created the grant; null for grants made by an admin directly.</summary>
    public Guid? AccessRequestId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public string? RevocationReason { get; set; }

    /// <summary>When the expiry sweeper announced the end (<see cref="Contracts.NotificationChannels.GrantEnded"/>); null until then.</summary>
    public DateTimeOffset? ExpiredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: revoking twice at once lets exactly one win.</summary>
    public uint RowVersion { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiredAt is null && ValidFrom <= now && now < ValidUntil;
}
