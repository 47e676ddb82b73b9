namespace Eucaim.Core.Contracts;

/// <summary>
/// Hub → node: count what matches <see cref="Filters"/> in each of <see cref="Datasets"/> (the hub's
/// catalogue ids, which the node's own copies of its datasets share). Filters a dataset's catalogue
/// record decides (cancer type, tier) were applied by the hub when it chose the datasets; these are
/// the ones only the images can answer.
/// </summary>
public sealed record CountQuery(Guid QueryId, IReadOnlyList<Guid> Datasets, CountFilters Filters, DateTimeOffset AnswerBy);

/// <param name="Sex">DICOM Patient's Sex: <c>F</c>, <c>M</c> or <c>O</c>.</param>
/// <param name="AgeMin">Age in whole years at the study date, inclusive.</param>
/// <param name="AgeMax">Age in whole years at the study date, inclusive.</param>
/// <param name="Modality">DICOM Modality (0008,0060) of the series, e.g. <c>MR</c>.</param>
/// <param name="BodyPart">Body Part Examined (0018,0015) of the series, case-insensitive, e.g. <c>PROSTATE</c>.</param>
/// <param name="Manufacturer">Manufacturer (0008,0070) of the series' equipment, case-insensitive prefix.</param>
public sealed record CountFilters(string? Sex, int? AgeMin, int? AgeMax, string? Modality, string? BodyPart, string? Manufacturer);

/// <summary>Node → hub: the counts of one <see cref="CountQuery"/>, already private (noised and suppressed at the node).</summary>
public sealed record CountAnswer(Guid QueryId, IReadOnlyList<DatasetCounts> Datasets, CountPrivacy Privacy);

/// <summary>The private counts of one dataset; a dataset the node does not serve is left out of the answer.</summary>
public sealed record DatasetCounts(Guid DatasetId, PrivateCount Subjects, PrivateCount Studies, PrivateCount Series);

/// <summary>
/// One released count: <see cref="Value"/> after noise, or <see cref="Suppressed"/> (and no value) when the
/// count is below the node's <see cref="CountPrivacy.SmallCellThreshold"/>, including a true zero: a
/// reader can never tell "none" from "a few".
/// </summary>
public sealed record PrivateCount(int? Value, bool Suppressed);

/// <summary>
/// How a node made its counts private, shown to the researcher with them. Noise is Laplace with scale
/// 1/<see cref="Epsilon"/>, cut at ±<see cref="MaxNoise"/> and rounded; the same question always gets the
/// same noise (it is drawn from a keyed hash of the question), so asking again does not average it away.
/// </summary>
public sealed record CountPrivacy(string Mechanism, double Epsilon, int MaxNoise, int SmallCellThreshold);
