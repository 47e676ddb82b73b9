namespace Eucaim.Core.Ingest;

/// <summary>
/// One file of an ingest: a whole upload, or one entry of an uploaded zip. Rows are created once
/// when the uploads are unpacked (unique per upload and entry), so a restarted worker finds the
/// same list and continues with what is still <see cref="IngestFileState.Pending"/>.
/// </summary>
public sealed class IngestFile
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public Guid UploadId { get; set; }

    /// <summary>The zip entry's name, or the empty string for an upload that is the file itself.</summary>
    public required string EntryName { get; set; }

    /// <summary>The name shown in the report: the upload's file name, or the zip's name and entry.</summary>
    public required string DisplayName { get; set; }

    public IngestFileState State { get; set; }

    public string? SopInstanceUid { get; set; }

    public string? Sha256 { get; set; }

    public long? Size { get; set; }

    /// <summary>Findings (JSON array of {code, severity, tag, message}).</summary>
    public string? Findings { get; set; }

    public DateTimeOffset? DoneAt { get; set; }
}
