namespace Eucaim.Dicom;

/// <summary>What a read produced: file meta information, dataset, pixel data location and every finding on the way.</summary>
public sealed class DicomReadResult
{
    private readonly List<DicomFinding> _findings = [];

    internal DicomReadResult()
    {
    }

    /// <summary>Group 0002; empty for a bare dataset.</summary>
    public DicomDataset FileMetaInformation { get; } = new();

    /// <summary>The elements read: up to, not including, pixel data after a header read; all but the pixel data value after a full read.</summary>
    public DicomDataset Dataset { get; } = new(64);

    public bool HasPreamble { get; internal set; }

    /// <summary>Transfer Syntax UID as declared in the file meta information, if any.</summary>
    public string? DeclaredTransferSyntaxUid { get; internal set; }

    /// <summary>The transfer syntax the dataset was actually parsed with (it differs from the declared one on a mismatch).</summary>
    public DicomTransferSyntax TransferSyntax { get; internal set; } = DicomTransferSyntax.ExplicitVRLittleEndian;

    public DicomPixelDataInfo? PixelData { get; internal set; }

    /// <summary>False when the structure could not be followed to its end: what was read before the problem is kept.</summary>
    public bool IsComplete { get; internal set; } = true;

    /// <summary>True when the input was recognised as DICOM at all.</summary>
    public bool IsDicom { get; internal set; } = true;

    public IReadOnlyList<DicomFinding> Findings => _findings;

    public bool HasErrors => _findings.Any(f => f.Severity == DicomFindingSeverity.Error);

    internal void Add(DicomFinding finding) => _findings.Add(finding);
}
