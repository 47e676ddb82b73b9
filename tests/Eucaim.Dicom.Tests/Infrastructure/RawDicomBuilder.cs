using System.Buffers.Binary;
using System.Text;

namespace Eucaim.Dicom.Tests.Infrastructure;

/// <summary>Writes DICOM bytes by hand, including the malformed ones no writer would produce.</summary>
public sealed class RawDicomBuilder
{
    private readonly MemoryStream _bytes = new();

    public long Length => _bytes.Length;

    public static RawDicomBuilder Part10(string transferSyntaxUid, string sopInstanceUid = "1.2.3.4")
    {
        var builder = new RawDicomBuilder();
        builder._bytes.Write(new byte[128]);
        builder._bytes.Write("DICM"u8);
        var meta = new RawDicomBuilder();
        meta.Explicit(0x0002, 0x0001, "OB", [0, 1]);
        meta.ExplicitText(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.2");
        meta.ExplicitText(0x0002, 0x0003, "UI", sopInstanceUid);
        meta.ExplicitText(0x0002, 0x0010, "UI", transferSyntaxUid);
        var group = meta.ToArray();
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)group.Length);
        builder.Explicit(0x0002, 0x0000, "UL", length);
        builder._bytes.Write(group);
        return builder;
    }

    public RawDicomBuilder ExplicitText(ushort group, ushort element, string vr, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length % 2 == 1)
        {
            bytes = [.. bytes, vr == "UI" ? (byte)0 : (byte)' '];
        }

        return Explicit(group, element, vr, bytes);
    }

    /// <summary>An explicit VR little endian element; <paramref name="declaredLength"/> may lie about the value.</summary>
    public RawDicomBuilder Explicit(ushort group, ushort element, string vr, byte[] value, uint? declaredLength = null)
    {
        WriteTag(group, element);
        _bytes.Write(Encoding.ASCII.GetBytes(vr));
        var length = declaredLength ?? (uint)value.Length;
        if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
        {
            _bytes.Write(new byte[2]);
            WriteUInt32(length);
        }
        else
        {
            WriteUInt16((ushort)length);
        }

        _bytes.Write(value);
        return this;
    }

    public RawDicomBuilder ImplicitText(ushort group, ushort element, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length % 2 == 1)
        {
            bytes = [.. bytes, 0];
        }

        return Implicit(group, element, bytes);
    }

    public RawDicomBuilder Implicit(ushort group, ushort element, byte[] value, uint? declaredLength = null)
    {
        WriteTag(group, element);
        WriteUInt32(declaredLength ?? (uint)value.Length);
        _bytes.Write(value);
        return this;
    }

    /// <summary>An item, delimiter or other header-only tag with a 32-bit length (no VR).</summary>
    public RawDicomBuilder Header(ushort group, ushort element, uint length)
    {
        WriteTag(group, element);
        WriteUInt32(length);
        return this;
    }

    public RawDicomBuilder SequenceStart(ushort group, ushort element, uint length = 0xFFFFFFFF)
    {
        WriteTag(group, element);
        _bytes.Write("SQ"u8);
        _bytes.Write(new byte[2]);
        WriteUInt32(length);
        return this;
    }

    public RawDicomBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public RawDicomBuilder US(ushort group, ushort element, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return Explicit(group, element, "US", bytes);
    }

    /// <summary>The identifying and required attributes of a minimal valid CT instance, explicit VR little endian.</summary>
    public RawDicomBuilder MinimalInstance(string sopInstanceUid = "1.2.3.4", bool includePatientId = true)
    {
        ExplicitText(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
        ExplicitText(0x0008, 0x0018, "UI", sopInstanceUid);
        ExplicitText(0x0008, 0x0060, "CS", "CT");
        ExplicitText(0x0010, 0x0010, "PN", "Doe^John");
        if (includePatientId)
        {
            ExplicitText(0x0010, 0x0020, "LO", "P1");
        }

        ExplicitText(0x0020, 0x000D, "UI", "1.2.3");
        ExplicitText(0x0020, 0x000E, "UI", "1.2.3.1");
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void WriteTag(ushort group, ushort element)
    {
        WriteUInt16(group);
        WriteUInt16(element);
    }

    private void WriteUInt16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _bytes.Write(bytes);
    }

    private void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _bytes.Write(bytes);
    }
}
