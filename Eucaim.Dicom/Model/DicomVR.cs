namespace Eucaim.Dicom;

/// <summary>A value representation (PS3.5 6.2), stored as its two ASCII characters.</summary>
public readonly struct DicomVR : IEquatable<DicomVR>
{
    private DicomVR(char first, char second) => Code = (ushort)((first << 8) | second);

    private DicomVR(ushort code) => Code = code;

    public static readonly DicomVR AE = new('A', 'E');
    public static readonly DicomVR AS = new('A', 'S');
    public static readonly DicomVR AT = new('A', 'T');
    public static readonly DicomVR CS = new('C', 'S');
    public static readonly DicomVR DA = new('D', 'A');
    public static readonly DicomVR DS = new('D', 'S');
    public static readonly DicomVR DT = new('D', 'T');
    public static readonly DicomVR FD = new('F', 'D');
    public static readonly DicomVR FL = new('F', 'L');
    public static readonly DicomVR IS = new('I', 'S');
    public static readonly DicomVR LO = new('L', 'O');
    public static readonly DicomVR LT = new('L', 'T');
    public static readonly DicomVR OB = new('O', 'B');
    public static readonly DicomVR OD = new('O', 'D');
    public static readonly DicomVR OF = new('O', 'F');
    public static readonly DicomVR OL = new('O', 'L');
    public static readonly DicomVR OV = new('O', 'V');
    public static readonly DicomVR OW = new('O', 'W');
    public static readonly DicomVR PN = new('P', 'N');
    public static readonly DicomVR SH = new('S', 'H');
    public static readonly DicomVR SL = new('S', 'L');
    public static readonly DicomVR SQ = new('S', 'Q');
    public static readonly DicomVR SS = new('S', 'S');
    public static readonly DicomVR ST = new('S', 'T');
    public static readonly DicomVR SV = new('S', 'V');
    public static readonly DicomVR TM = new('T', 'M');
    public static readonly DicomVR UC = new('U', 'C');
    public static readonly DicomVR UI = new('U', 'I');
    public static readonly DicomVR UL = new('U', 'L');
    public static readonly DicomVR UN = new('U', 'N');
    public static readonly DicomVR UR = new('U', 'R');
    public static readonly DicomVR US = new('U', 'S');
    public static readonly DicomVR UT = new('U', 'T');
    public static readonly DicomVR UV = new('U', 'V');

    /// <summary>Items and delimiters carry no VR.</summary>
    public static readonly DicomVR None = default;

    /// <summary>The two ASCII characters, first in the high byte.</summary>
    public ushort Code { get; }

    /// <summary>True for the VRs PS3.5 defines; false for bytes a broken file put where the VR belongs.</summary>
    public bool IsKnown => Code switch
    {
        0x4145 or 0x4153 or 0x4154 or 0x4353 or 0x4441 or 0x4453 or 0x4454 or 0x4644 or 0x464C or 0x4953
            or 0x4C4F or 0x4C54 or 0x4F42 or 0x4F44 or 0x4F46 or 0x4F4C or 0x4F56 or 0x4F57 or 0x504E or 0x5348
            or 0x534C or 0x5351 or 0x5353 or 0x5354 or 0x5356 or 0x544D or 0x5543 or 0x5549 or 0x554C or 0x554E
            or 0x5552 or 0x5553 or 0x5554 or 0x5556 => true,
        _ => false,
    };

    /// <summary>Explicit VR encodings of these use a 2-byte reserved field and a 32-bit length (PS3.5 7.1.2).</summary>
    public bool HasLongLength => Code switch
    {
        0x4F42 or 0x4F44 or 0x4F46 or 0x4F4C or 0x4F56 or 0x4F57 or 0x5351 or 0x5356 or 0x5543 or 0x554E
            or 0x5552 or 0x5554 or 0x5556 => true,
        _ => false,
    };

    /// <summary>Character-string VRs, whose values are text in the dataset's character set or ASCII.</summary>
    public bool IsString => Code switch
    {
        0x4145 or 0x4153 or 0x4353 or 0x4441 or 0x4453 or 0x4454 or 0x4953 or 0x4C4F or 0x4C54 or 0x504E
            or 0x5348 or 0x5354 or 0x544D or 0x5543 or 0x5549 or 0x5552 or 0x5554 => true,
        _ => false,
    };

    /// <summary>VRs whose text is decoded with Specific Character Set (PS3.5 6.1.2.3); the others are ASCII.</summary>
    public bool UsesCharacterSet => Code is 0x4C4F or 0x4C54 or 0x504E or 0x5348 or 0x5354 or 0x5543 or 0x5554;

    /// <summary>Single-valued text VRs: backslash is part of the text, and leading spaces are significant.</summary>
    public bool IsUnlimitedText => Code is 0x4C54 or 0x5354 or 0x5554 or 0x5552;

    /// <summary>Size of one binary value, used to swap byte order of big endian data; 0 when bytes are not swapped.</summary>
    public int BinaryUnitSize => Code switch
    {
        0x5553 or 0x5353 or 0x4F57 or 0x4154 => 2,
        0x554C or 0x534C or 0x464C or 0x4F46 or 0x4F4C => 4,
        0x4644 or 0x4F44 or 0x5356 or 0x5556 or 0x4F56 => 8,
        _ => 0,
    };

    /// <summary>Binary bulk VRs, served as InlineBinary or BulkDataURI in DICOM JSON.</summary>
    public bool IsBulkBinary => Code is 0x4F42 or 0x4F44 or 0x4F46 or 0x4F4C or 0x4F56 or 0x4F57 or 0x554E;

    /// <summary>Padding byte for an odd-length value: NUL for UI and binary VRs, space for text (PS3.5 6.2).</summary>
    public byte PaddingByte => IsString && Code != 0x5549 ? (byte)' ' : (byte)0;

    public static DicomVR FromCode(ushort code) => new(code);

    public static DicomVR Parse(string text)
    {
        if (text is { Length: 2 } && text[0] is >= 'A' and <= 'Z' && text[1] is >= 'A' and <= 'Z')
        {
            var vr = new DicomVR(text[0], text[1]);
            if (vr.IsKnown)
            {
                return vr;
            }
        }

        throw new FormatException($"'{text}' is not a DICOM value representation.");
    }

    public bool Equals(DicomVR other) => Code == other.Code;

    public override bool Equals(object? obj) => obj is DicomVR other && Equals(other);

    public override int GetHashCode() => Code;

    public override string ToString() => Code == 0 ? "--" : new string([(char)(Code >> 8), (char)(Code & 0xFF)]);

    public static bool operator ==(DicomVR left, DicomVR right) => left.Code == right.Code;

    public static bool operator !=(DicomVR left, DicomVR right) => left.Code != right.Code;
}
