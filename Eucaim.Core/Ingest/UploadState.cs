namespace Eucaim.Core.Ingest;

public enum UploadState
{
    /// <summary>Chunks are being received.</summary>
    Receiving,

    /// <summary>Every byte is committed and the whole-file SHA-256 matched (or none was declared).</summary>
    Complete,

    /// <summary>The committed bytes do not hash to the declared SHA-256: nothing of it is ingested.</summary>
    ChecksumMismatch,
}
