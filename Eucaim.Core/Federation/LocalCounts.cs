namespace Eucaim.Core.Federation;

/// <summary>The true counts of one dataset the node holds, before <see cref="CountRelease"/>: they never leave the node.</summary>
public sealed record LocalCounts(Guid DatasetId, int Subjects, int Studies, int Series);
