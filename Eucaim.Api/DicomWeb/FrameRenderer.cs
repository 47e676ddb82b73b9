using System.Buffers.Binary;
using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// Renders an uncompressed frame to 8-bit pixels for image/png: MONOCHROME1/2 of 8 or 16 bits through the
/// modality rescale and the first VOI window (PS3.3 C.11.2.1.2 linear; the frame's range when there is none),
/// RGB of 8 bits as is. Anything else cannot be rendered (406).
/// </summary>
internal static class FrameRenderer
{
    private static readonly DicomTag WindowCenter = new(0x0028, 0x1050);
    private static readonly DicomTag WindowWidth = new(0x0028, 0x1051);

    public const string Supported = "Rendering is supported for uncompressed MONOCHROME1/MONOCHROME2 (8 or 16 bits allocated) and RGB (8 bits) frames, as image/png.";

    public static bool CanRender(FrameSource source) =>
        !source.IsEncapsulated && !source.Syntax.IsDeflated && source.NativeFrameBytes is not null
        && (Photometric(source.Header) is "MONOCHROME1" or "MONOCHROME2" && source.Samples == 1 && source.BitsAllocated is 8 or 16
            || Photometric(source.Header) is "RGB" && source.Samples == 3 && source.BitsAllocated == 8);

    /// <summary>The frame as 8-bit pixels (1 or 3 channels), scaled down to fit <paramref name="maxSize"/> when given.</summary>
    public static (byte[] Pixels, int Width, int Height, int Channels) Render(FrameSource source, byte[] frame, int? maxSize)
    {
        var header = source.Header;
        int rows = source.Rows, columns = source.Columns;
        var scale = maxSize is { } max && Math.Max(rows, columns) > max ? (double)max / Math.Max(rows, columns) : 1;
        var width = Math.Max(1, (int)(columns * scale));
        var height = Math.Max(1, (int)(rows * scale));
        if (Photometric(header) == "RGB")
        {
            var planar = header.GetInt32(DicomTags.PlanarConfiguration) == 1;
            var rgb = new byte[width * height * 3];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var p = (Source(y, scale, rows) * columns) + Source(x, scale, columns);
                    for (var c = 0; c < 3; c++)
                    {
                        rgb[(((y * width) + x) * 3) + c] = frame[planar ? (c * rows * columns) + p : (p * 3) + c];
                    }
                }
            }

            return (rgb, width, height, 3);
        }

        var values = Modality(source, frame);
        var (center, windowWidth) = Window(header, values);
        var invert = Photometric(header) == "MONOCHROME1";
        var grey = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = values[(Source(y, scale, rows) * columns) + Source(x, scale, columns)];
                var level = windowWidth <= 1 ? (v < center ? 0 : 1) : Math.Clamp(((v - (center - 0.5)) / (windowWidth - 1)) + 0.5, 0, 1);
                var b = (byte)Math.Round(level * 255);
                grey[(y * width) + x] = invert ? (byte)(255 - b) : b;
            }
        }

        return (grey, width, height, 1);
    }

    private static int Source(int target, double scale, int limit) => Math.Min(limit - 1, (int)(target / scale));

    private static string? Photometric(DicomDataset header) => header.GetFirstString(DicomTags.PhotometricInterpretation)?.Trim();

    private static double[] Modality(FrameSource source, byte[] frame)
    {
        var header = source.Header;
        var signed = header.GetInt32(DicomTags.PixelRepresentation) == 1;
        var bitsStored = header.GetInt32(DicomTags.BitsStored) ?? source.BitsAllocated;
        var slope = header.GetDouble(DicomTags.RescaleSlope) ?? 1;
        var intercept = header.GetDouble(DicomTags.RescaleIntercept) ?? 0;
        var count = source.Rows * source.Columns;
        var values = new double[count];
        var mask = (1 << bitsStored) - 1;
        var signBit = 1 << (bitsStored - 1);
        for (var i = 0; i < count; i++)
        {
            var raw = (source.BitsAllocated == 16 ? BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(i * 2)) : frame[i]) & mask;
            var value = signed && (raw & signBit) != 0 ? raw - (1 << bitsStored) : raw;
            values[i] = (value * slope) + intercept;
        }

        return values;
    }

    private static (double Center, double Width) Window(DicomDataset header, double[] values)
    {
        if (header.GetDouble(WindowCenter) is { } center && header.GetDouble(WindowWidth) is { } width && width > 0)
        {
            return (center, width);
        }

        var (min, max) = values.Length == 0 ? (0d, 0d) : (values.Min(), values.Max());
        return ((min + max) / 2, Math.Max(2, max - min + 1));
    }
}
