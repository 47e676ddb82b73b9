using System.Buffers.Binary;
using System.IO.Compression;

namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// Recognises images of subjects (DICOM, NIfTI), pictures and archives by their magic bytes, so a
/// DICOM file renamed <c>.txt</c> is still found. A gzip stream is opened to tell a compressed NIfTI
/// (<c>.nii.gz</c>) from any other compressed file.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> wants: the tar magic sits at 257, NIfTI-2's header is 540 bytes.</summary>
    public const int HeadLength = 1024;

    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] SevenZip = [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C];
    private static readonly byte[] Xz = [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];
    private static readonly byte[] Zstd = [0x28, 0xB5, 0x2F, 0xFD];
    private static readonly byte[] Rar = [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07];

    // VRs that may follow a tag in an explicit VR data set: two bytes that must be one of these.
    private static readonly HashSet<string> ValueRepresentations =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    /// <summary>The kind of a file from its first bytes (up to <see cref="HeadLength"/>; fewer when the file is shorter).</summary>
    public static SniffedContent Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0x1F && head[1] == 0x8B && head[2] == 0x08)
        {
            return SniffGzip(head);
        }

        return SniffPlain(head);
    }

    private static SniffedContent SniffPlain(ReadOnlySpan<byte> head)
    {
        if (IsDicom(head))
        {
            return new(ContentKind.Dicom, "DICOM");
        }

        if (NiftiVersion(head) is { } nifti)
        {
            return new(ContentKind.Nifti, nifti);
        }

        if (head.StartsWith(Png))
        {
            return new(ContentKind.Image, "PNG");
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return new(ContentKind.Image, "JPEG");
        }

        if (head.Length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] is 0x2A or 0x2B && head[3] == 0)
            || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] is 0x2A or 0x2B)))
        {
            return new(ContentKind.Image, "TIFF");
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return new(ContentKind.Image, "GIF");
        }

        if (IsBmp(head))
        {
            return new(ContentKind.Image, "BMP");
        }

        if (head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8)))
        {
            return new(ContentKind.Archive, "zip");
        }

        if (head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return new(ContentKind.Archive, "tar");
        }

        if (head.StartsWith(SevenZip))
        {
            return new(ContentKind.Archive, "7z");
        }

        if (head.StartsWith(Xz) || head.StartsWith(Zstd) || head.StartsWith(Rar) || (head.Length >= 4 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9'))
        {
            return new(ContentKind.Archive, head[0] switch { 0xFD => "xz", 0x28 => "zstd", (byte)'R' => "rar", _ => "bzip2" });
        }

        return SniffedContent.Unknown;
    }

    /// <summary>Opens the gzip stream as far as the head reaches: a compressed NIfTI or DICOM is named as such; anything else is an archive.</summary>
    private static SniffedContent SniffGzip(ReadOnlySpan<byte> head)
    {
        var inner = new byte[HeadLength];
        var read = 0;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(head.ToArray()), CompressionMode.Decompress);
            while (read < inner.Length && gzip.Read(inner, read, inner.Length - read) is > 0 and var n)
            {
                read += n;
            }
        }
        catch (InvalidDataException)
        {
            // The head ends mid-stream or the stream is damaged: judge what was decompressed.
        }

        var content = SniffPlain(inner.AsSpan(0, read));
        return content.Kind switch
        {
            ContentKind.Nifti or ContentKind.Dicom => content with { Format = $"gzip-wrapped {content.Format}" },
            ContentKind.Archive => new(ContentKind.Archive, $"{content.Format}.gz"),
            _ => new(ContentKind.Archive, "gzip"),
        };
    }

    /// <summary>
    /// Part 10 (128-byte preamble, then <c>DICM</c>), or a bare data set that starts with a group
    /// 0002 or 0008 element: explicit VR (a known VR after the tag) or implicit VR (a short length,
    /// then another element of the same group).
    /// </summary>
    public static bool IsDicom(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 132 && head.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            return true;
        }

        if (head.Length < 12)
        {
            return false;
        }

        var group = BinaryPrimitives.ReadUInt16LittleEndian(head);
        if (group is not (0x0002 or 0x0008))
        {
            return false;
        }

        if (ValueRepresentations.Contains($"{(char)head[4]}{(char)head[5]}"))
        {
            return true;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        var next = 8 + (long)length;
        return length is > 0 and < 256 && next + 2 <= head.Length
            && BinaryPrimitives.ReadUInt16LittleEndian(head[(int)next..]) == group
            && BinaryPrimitives.ReadUInt16LittleEndian(head[(int)(next + 2)..]) > BinaryPrimitives.ReadUInt16LittleEndian(head[2..]);
    }

    /// <summary>NIfTI-1 (<c>sizeof_hdr</c> 348, magic <c>n+1</c>/<c>ni1</c> at 344) or NIfTI-2 (540, <c>n+2</c>/<c>ni2</c> at 4), either byte order.</summary>
    public static string? NiftiVersion(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 348 && SizeOfHeader(head) == 348 && (head.Slice(344, 4).SequenceEqual("n+1\0"u8) || head.Slice(344, 4).SequenceEqual("ni1\0"u8)))
        {
            return "NIfTI-1";
        }

        if (head.Length >= 12 && SizeOfHeader(head) == 540 && (head.Slice(4, 4).SequenceEqual("n+2\0"u8) || head.Slice(4, 4).SequenceEqual("ni2\0"u8)))
        {
            return "NIfTI-2";
        }

        return null;
    }

    private static int SizeOfHeader(ReadOnlySpan<byte> head)
    {
        var little = BinaryPrimitives.ReadInt32LittleEndian(head);
        return little is 348 or 540 ? little : BinaryPrimitives.ReadInt32BigEndian(head);
    }

    /// <summary><c>BM</c>, reserved fields zero and a known DIB header size: <c>BM</c> alone starts too many text files.</summary>
    private static bool IsBmp(ReadOnlySpan<byte> head) =>
        head.Length >= 18 && head[0] == 'B' && head[1] == 'M'
        && BinaryPrimitives.ReadUInt32LittleEndian(head[6..]) == 0
        && BinaryPrimitives.ReadUInt32LittleEndian(head[14..]) is 12 or 40 or 52 or 56 or 64 or 108 or 124;
}
