using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>A federated search's result as shown to the researcher: per node and dataset, and totals per count kind.</summary>
public sealed record FederatedCountsReport(FederatedQuery Query, bool Complete, IReadOnlyList<NodeCounts> Nodes, CountTotals Totals, string? Note);

/// <param name="Status">One of <see cref="NodeAnswerStatus"/>.</param>
/// <param name="AnsweredAfter">Milliseconds from the question to the answer; null when not answered.</param>
public sealed record NodeCounts(string Node, string Organisation, string Status, long? AnsweredAfter, CountPrivacy? Privacy, IReadOnlyList<ShownDatasetCounts> Datasets);

public sealed record ShownDatasetCounts(Guid DatasetId, string Title, ShownCount Subjects, ShownCount Studies, ShownCount Series);

/// <param name="Display">The value, or "&lt; threshold" when suppressed.</param>
public sealed record ShownCount(int? Value, bool Suppressed, string Display);

public sealed record CountTotals(TotalCount Subjects, TotalCount Studies, TotalCount Series);

/// <param name="Value">The sum of the released values.</param>
/// <param name="SuppressedCells">How many cells were suppressed (not in <see cref="Value"/>).</param>
public sealed record TotalCount(long Value, int SuppressedCells, string Display);
