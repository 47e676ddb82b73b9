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

/// <summary>The chain verification: how many entries were checked, whether all hold, and the breaks (earliest first).</summary>
public sealed record AuditVerificationResponse(long Checked, bool Intact, AuditBreak? FirstBroken, IReadOnlyList<AuditBreak> Breaks, string HeadHash)
{
    public static AuditVerificationResponse Of(AuditVerification v) => new(v.Checked, v.Intact, v.FirstBroken, v.Breaks, v.HeadHash);
}
