namespace Eucaim.Core.Catalogue;

/// <summary>
/// A dataset of an organization: its identity, lifecycle state and invalidation. The metadata lives
/// in its numbered <see cref="DatasetVersion"/>s.
/// </summary>
public sealed class Dataset
{
    public Guid Id { get; set; }

    public required string OrganizationKey { get; set; }

    public Organization? Organization { get; set; }

    /// <summary>The seed file's <c>datasetKey</c> (e.g. <c>I/1DH1#1</c>), so that loading the seed twice adds nothing.</summary>
    public string? SeedKey { get; set; }

    public DatasetState State { get; set; }

    /// <summary>The number of the latest published version; 0 while never published.</summary>
    public int LatestVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>Changes with every write to the dataset or its draft; the ETag derives from the row version.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset? InvalidatedAt { get; set; }

    public string? InvalidatedBy { get; set; }

    public string? InvalidationReason { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: the optimistic concurrency token behind the ETag.</summary>
    public uint RowVersion { get; set; }

    public List<DatasetVersion> Versions { get; } = [];

    public bool WasEverPublished => LatestVersion > 0;

    /// <summary>Records a change, so that the row version (and the ETag) moves on.</summary>
    public void Touch(string by, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = by;
    }
}
