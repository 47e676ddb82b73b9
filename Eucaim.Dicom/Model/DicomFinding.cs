namespace Eucaim.Dicom;

/// <summary>
/// One problem found in a file or a set of files. Messages never quote attribute values, so a finding
/// can be logged or shown to an operator without leaking the identifying information it is about.
/// </summary>
public sealed record DicomFinding(string Code, DicomFindingSeverity Severity, DicomTag? Tag, string Message)
{
    /// <summary>Byte offset in the (inflated) dataset stream where the problem was seen, when known.</summary>
    public long? Offset { get; init; }

    /// <summary>The file or set member the finding is about, when the caller named it.</summary>
    public string? Source { get; init; }

    public override string ToString() =>
        $"{Severity} {Code}{(Tag is { } tag ? " " + tag : string.Empty)}{(Offset is { } offset ? " @" + offset : string.Empty)}: {Message}";
}
