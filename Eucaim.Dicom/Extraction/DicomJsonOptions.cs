namespace Eucaim.Dicom;

/// <summary>How binary values appear in DICOM JSON: inline as base64, or as a BulkDataURI the DICOMweb endpoint serves.</summary>
public sealed record DicomJsonOptions
{
    public static readonly DicomJsonOptions Default = new();

    /// <summary>Binary values longer than this become BulkDataURI when <see cref="BulkDataUri"/> gives one.</summary>
    public int BulkDataThreshold { get; init; } = 1024;

    /// <summary>Maps an element (top-level tag path, e.g. "00431028" or "00081140/0/00431028") to its bulk data URI; null keeps it inline.</summary>
    public Func<string, string?>? BulkDataUri { get; init; }

    /// <summary>Written as the BulkDataURI of the pixel data when the read located pixel data; null leaves pixel data out.</summary>
    public string? PixelDataUri { get; init; }

    public bool Indented { get; init; }
}
