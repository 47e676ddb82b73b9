namespace Eucaim.Core.Ingest;

/// <summary>How a dataset's uploads are de-identified; a dataset without a row uses <see cref="DeidentificationMode.Report"/>.</summary>
public sealed class DatasetIngestPolicy
{
    public Guid DatasetId { get; set; }

    public DeidentificationMode Mode { get; set; }

    /// <summary>Keep original UIDs instead of replacing them with keyed hashes (only with <see cref="DeidentificationMode.Deidentify"/>).</summary>
    public bool RetainUids { get; set; }

    /// <summary>Shift dates by a per-patient offset within ± this many days instead of removing them.</summary>
    public int? DateShiftRangeDays { get; set; }

    /// <summary>The dataset's key for UID hashes and pseudonyms: consistent within the dataset, never returned by the API.</summary>
    public required byte[] SiteSecret { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
