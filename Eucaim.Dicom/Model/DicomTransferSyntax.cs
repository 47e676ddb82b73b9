namespace Eucaim.Dicom;

/// <summary>How a dataset is encoded: VR explicit or implicit, byte order, deflate, encapsulated pixel data.</summary>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    private DicomTransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated, bool known = true)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
        IsKnown = known;
    }

    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);

    private static readonly Dictionary<string, DicomTransferSyntax> Known = Build();

    public string Uid { get; }

    public string Name { get; }

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    public bool IsDeflated { get; }

    /// <summary>Pixel data is a sequence of fragments (compressed or encapsulated uncompressed), PS3.5 A.4.</summary>
    public bool IsEncapsulated { get; }

    /// <summary>False for a UID this library does not know; it is then read as explicit VR little endian, encapsulated.</summary>
    public bool IsKnown { get; }

    public static DicomTransferSyntax Lookup(string uid)
    {
        var trimmed = uid.TrimEnd('\0', ' ');
        return Known.TryGetValue(trimmed, out var syntax)
            ? syntax
            : new DicomTransferSyntax(trimmed, "Unknown transfer syntax", true, false, false, true, known: false);
    }

    public bool Equals(DicomTransferSyntax? other) => other is not null && other.Uid == Uid;

    public override bool Equals(object? obj) => Equals(obj as DicomTransferSyntax);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);

    public override string ToString() => $"{Name} ({Uid})";

    private static Dictionary<string, DicomTransferSyntax> Build()
    {
        var list = new List<DicomTransferSyntax>
        {
            ImplicitVRLittleEndian,
            ExplicitVRLittleEndian,
            DeflatedExplicitVRLittleEndian,
            ExplicitVRBigEndian,
        };
        (string Uid, string Name)[] encapsulated =
        [
            ("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
            ("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
            ("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
            ("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            ("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction"),
            ("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            ("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
            ("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)"),
            ("1.2.840.10008.1.2.4.91", "JPEG 2000"),
            ("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)"),
            ("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"),
            ("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            ("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
            ("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            ("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
            ("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video"),
            ("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video"),
            ("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2"),
            ("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
            ("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"),
            ("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
            ("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)"),
            ("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
            ("1.2.840.10008.1.2.5", "RLE Lossless"),
        ];
        list.AddRange(encapsulated.Select(e => new DicomTransferSyntax(e.Uid, e.Name, true, false, false, true)));

        // JPIP referenced syntaxes carry no pixel data in the file; one of them is deflated.
        list.Add(new DicomTransferSyntax("1.2.840.10008.1.2.4.94", "JPIP Referenced", true, false, false, false));
        list.Add(new DicomTransferSyntax("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true, false, true, false));
        return list.ToDictionary(s => s.Uid, StringComparer.Ordinal);
    }
}
