using Eucaim.Core.Audit;

namespace Eucaim.Api.Audit;

public sealed record AuditEntryView(
    long Seq, DateTimeOffset OccurredAt, string Actor, string Action, string Outcome, string? Tenant, Guid? DatasetId,
    string? TargetType, string? TargetId, string? ClientAddress, IReadOnlyDictionary<string, string?> Details, string PrevHash, string Hash)
{
    public static AuditEntryView Of(AuditRecord r) => new(
        r.Seq, r.OccurredAt, r.Actor, r.Action, r.Outcome, r.TenantSlug, r.DatasetId, r.TargetType, r.TargetId, r.ClientAddress,
        AuditCanonicalForm.ParseDetails(r.Details), r.PrevHash, r.Hash);
}

/// <summary>A page of the log, newest first; pass <see cref="Next"/> as <c>before</c> for the next page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, long? Next);
