namespace Eucaim.Core.Exports.Screening;

/// <summary>What a file is, judged by its first bytes (never its name).</summary>
public enum ContentKind
{
    /// <summary>Nothing recognised: text or an unknown binary format; it is searched for identifiers.</summary>
    Other,
    Dicom,
    Nifti,
    Image,
    Archive,
}

/// <summary>The kind, and the format's name for the reviewer (<c>PNG</c>, <c>gzip-wrapped NIfTI-1</c>).</summary>
public readonly record struct SniffedContent(ContentKind Kind, string Format)
{
    public static readonly SniffedContent Unknown = new(ContentKind.Other, "");
}
