using Eucaim.Dicom;

namespace Eucaim.SampleJob;

/// <summary>
/// The mean stored value of the central <see cref="Size"/>×<see cref="Size"/> patch of an image's first frame: the
/// training sample's image feature. Only native (not compressed) single-sample MONOCHROME2 images of 8 or 16 bits
/// count; any other file is "no image", which the sample treats as such rather than guessing at its pixels.
/// </summary>
public static class CentralPatch
{
    public const int Size = 8;

    /// <summary>More than this is not a small image; its pixels are not copied into memory for one patch.</summary>
    private const long MaxPixelBytes = 64L * 1024 * 1024;

    /// <summary>The patch mean of the image at <paramref name="reader"/>, which has just read <paramref name="header"/>; null when it is no such image.</summary>
    public static double? Mean(DicomReader reader, DicomReadResult header)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(header);
        var d = header.Dataset;
        var rows = d.GetInt32(DicomTags.Rows) ?? 0;
        var columns = d.GetInt32(DicomTags.Columns) ?? 0;
        var bits = d.GetInt32(DicomTags.BitsAllocated);
        var signed = d.GetInt32(DicomTags.PixelRepresentation) == 1;
        if (header.PixelData is not { Tag: var tag, IsEncapsulated: false, IsTruncated: false, Length: { } length }
            || tag != DicomTags.PixelData || length > MaxPixelBytes
            || (d.GetInt32(DicomTags.SamplesPerPixel) ?? 1) != 1
            || d.GetString(DicomTags.PhotometricInterpretation)?.Trim() != "MONOCHROME2"
            || rows < Size || columns < Size || bits is not (8 or 16)
            || length < (long)rows * columns * (bits / 8))
        {
            return null;
        }

        using var pixels = new MemoryStream((int)length);
        if (!reader.CopyPixelDataTo(pixels))
        {
            return null;
        }

        var bytes = pixels.GetBuffer();
        var (top, left) = ((rows - Size) / 2, (columns - Size) / 2);
        var sum = 0.0;
        for (var r = top; r < top + Size; r++)
        {
            for (var c = left; c < left + Size; c++)
            {
                var i = r * columns + c;
                // CopyPixelDataTo gives native data in little endian order, whatever the transfer syntax.
                sum += bits == 8 ? (signed ? (sbyte)bytes[i] : bytes[i])
                    : signed ? (short)(bytes[2 * i] | bytes[2 * i + 1] << 8) : (ushort)(bytes[2 * i] | bytes[2 * i + 1] << 8);
            }
        }

        return sum / (Size * Size);
    }
}
