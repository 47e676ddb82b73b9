using Eucaim.Core.Audit;

namespace Eucaim.Api.Audit;

public sealed record AuditEntryResponse(
    long Seq, DateTimeOffset OccurredAt, string Actor, string Action, string Outcome, string? Tenant, Guid? DatasetId,
    string? TargetType, string? TargetId, string? ClientAddress, IReadOnlyDictionary<string, string?> Details, string PrevHash, string Hash)
{
    public static AuditEntryResponse Of(AuditRecord r) => new(
        r.Seq, r.OccurredAt, r.Actor, r.Action, r.Outcome, r.TenantSlug, r.DatasetId, r.TargetType, r.TargetId, r.ClientAddress,
        AuditCanonicalForm.ParseDetails(r.Details), r.PrevHash, r.Hash);
}

/// <summary>A page of the log, newest first; pass <see cref="Next"/> as <c>before</c> for the next page.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Entries, long? Next);

/// <summary>
/// The chain verification: how many entries were checked, whether all hold, the breaks (earliest
/// first), and the newest signed checkpoint outside the database that the chain was compared with.
/// </summary>
public sealed record AuditVerificationResponse(
    long Checked, bool Intact, AuditBreak? FirstBroken, IReadOnlyList<AuditBreak> Breaks, string HeadHash, AuditCheckpointResponse? Checkpoint)
{
    public static AuditVerificationResponse Of(AuditVerification v) => new(
        v.Checked, v.Intact, v.FirstBroken, v.Breaks, v.HeadHash,
        v.Checkpoint is { } c ? new AuditCheckpointResponse(c.Seq, c.Hash, c.At) : null);
}

/// <summary>A signed checkpoint: the chain had entry <see cref="Seq"/>, hashing to <see cref="Hash"/>, at <see cref="At"/>.</summary>
public sealed record AuditCheckpointResponse(long Seq, string Hash, DateTimeOffset At);
