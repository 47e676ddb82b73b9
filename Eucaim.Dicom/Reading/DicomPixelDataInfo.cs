namespace Eucaim.Dicom;

/// <summary>Where the top-level pixel data sits and how long it is, learnt without reading its value.</summary>
public sealed class DicomPixelDataInfo
{
    internal DicomPixelDataInfo(DicomTag tag, DicomVR vr, long valueOffset, long? length)
    {
        Tag = tag;
        VR = vr;
        ValueOffset = valueOffset;
        Length = length;
    }

    /// <summary>(7FE0,0010) Pixel Data, or the float/double float variants.</summary>
    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>Offset of the first value byte in the dataset stream (after inflation for deflated files).</summary>
    public long ValueOffset { get; }

    /// <summary>Declared value length; null for undefined length, which means encapsulated fragments.</summary>
    public long? Length { get; }

    public bool IsEncapsulated => Length is null;

    /// <summary>Fragments found when the encapsulated value was walked, the basic offset table item included.</summary>
    public int? FragmentCount { get; internal set; }

    /// <summary>Bytes of value really present in the file, known once the value has been skipped or copied.</summary>
    public long? AvailableLength { get; internal set; }

    /// <summary>True once the value was walked and ended before its declared length or its sequence delimiter.</summary>
    public bool IsTruncated { get; internal set; }
}
