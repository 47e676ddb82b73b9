namespace Eucaim.Web.Federation;

/// <summary>A federated count search as <c>/api/federation/counts</c> answers it (the fields the portal shows).</summary>
/// <param name="Complete">Every node asked answered; when not, <see cref="Note"/> says who is missing.</param>
public sealed record FederatedCountsView(
    Guid QueryId, DateTimeOffset AskedAt, DateTimeOffset AnswerBy, FederatedFiltersView Filters, bool Complete,
    IReadOnlyList<NodeCountsView> Nodes, CountTotalsView Totals, string? Note);

/// <summary>The filters as the hub understood them: what the form shows again with the result.</summary>
public sealed record FederatedFiltersView(
    string? Sex, int? AgeMin, int? AgeMax, string? CancerType, string? Modality, string? BodyPart, string? Manufacturer, string? Tier,
    IReadOnlyList<Guid> Datasets);

/// <param name="Status"><c>answered</c>, <c>answered-late</c>, <c>timed-out</c> or <c>pending</c>.</param>
/// <param name="AnsweredAfter">Milliseconds from the question to the answer.</param>
public sealed record NodeCountsView(
    string Node, string Organisation, string Status, long? AnsweredAfter, CountPrivacyView? Privacy, IReadOnlyList<DatasetCountsView> Datasets);

public sealed record CountPrivacyView(string Mechanism, double Epsilon, int MaxNoise, int SmallCellThreshold);

public sealed record DatasetCountsView(Guid DatasetId, string Title, ShownCountView Subjects, ShownCountView Studies, ShownCountView Series);

/// <param name="Display">The released value, or "&lt; threshold" when the node suppressed the cell.</param>
public sealed record ShownCountView(int? Value, bool Suppressed, string Display);

public sealed record CountTotalsView(TotalCountView Subjects, TotalCountView Studies, TotalCountView Series);

/// <param name="Display">The sum of the released values, and how many suppressed cells it leaves out.</param>
public sealed record TotalCountView(long Value, int SuppressedCells, string Display);
