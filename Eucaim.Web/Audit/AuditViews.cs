namespace Eucaim.Web.Audit;

/// <summary>An entry of the audit trail (<c>/api/audit</c>, <c>/api/datasets/{id}/access-history</c>).</summary>
public sealed record AuditEntryView(
    long Seq,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string Outcome,
    string? Tenant,
    Guid? DatasetId,
    string? TargetType,
    string? TargetId,
    IReadOnlyDictionary<string, string?>? Details,
    string Hash);

/// <summary>A page of the log, newest first; <see cref="Next"/> is the <c>before</c> of the next page.</summary>
public sealed record AuditPageView(IReadOnlyList<AuditEntryView> Entries, long? Next);

/// <summary>The hash chain recomputed by the API (<c>/api/audit/verify</c>).</summary>
public sealed record AuditVerificationView(long Checked, bool Intact, AuditBreakView? FirstBroken, IReadOnlyList<AuditBreakView> Breaks, string HeadHash, AuditCheckpointView? Checkpoint);

public sealed record AuditBreakView(long Seq, string? Reason);

public sealed record AuditCheckpointView(long Seq, string Hash, DateTimeOffset At);
