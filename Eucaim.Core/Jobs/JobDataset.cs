namespace Eucaim.Core.Jobs;

/// <summary>A dataset version a job reads, with the grant that allowed it; mounted read-only at <c>/data/{MountName}</c>.</summary>
public sealed class JobDataset
{
    public Guid DatasetId { get; set; }

    /// <summary>The published version the grant resolved to at submission.</summary>
    public int Version { get; set; }

    public Guid? GrantId { get; set; }

    public required string MountName { get; set; }

    /// <summary>The environment variable holding the mount path, e.g. <c>EUCAIM_DATASET_0B1C…</c>.</summary>
    public string PathVariable => JobRules.DatasetVariable(MountName);
}
