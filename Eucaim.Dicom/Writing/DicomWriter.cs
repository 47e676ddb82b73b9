using System.Buffers.Binary;

namespace Eucaim.Dicom;

/// <summary>
/// Writes DICOM Part 10 files: preamble, file meta information, then the dataset in explicit VR little endian
/// (encapsulated pixel data keeps its compressed transfer syntax). Pixel data is streamed, never buffered whole.
/// </summary>
public sealed class DicomWriter
{
    /// <summary>This library's Implementation Class UID (a UUID-derived UID, PS3.5 B.2).</summary>
    public const string ImplementationClassUid = "2.25.114059623827082810108971647192193812782";

    /// <summary>Implementation Version Name (SH, at most 16 characters).</summary>
    public const string ImplementationVersionName = "EUCAIM_DICOM_1";

    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly Stream _output;

    public DicomWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes a complete file whose native pixel data (if any) is in memory, little endian.</summary>
    public static void WriteFile(Stream output, DicomDataset dataset, string transferSyntaxUid, DicomVR? pixelVR = null, ReadOnlyMemory<byte>? pixelData = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var writer = new DicomWriter(output);
        writer.WriteFileMetaInformation(
            dataset.GetString(DicomTags.SopClassUid) ?? string.Empty,
            dataset.GetString(DicomTags.SopInstanceUid) ?? string.Empty,
            transferSyntaxUid);
        writer.WriteElements(dataset, null, DicomTags.PixelData);
        if (pixelData is { } pixels)
        {
            writer.WritePixelData(DicomTags.PixelData, pixelVR ?? DicomVR.OW, pixels.Span);
        }

        writer.WriteElements(dataset, DicomTags.PixelData, null);
    }

    /// <summary>
    /// Re-encodes a file as explicit VR little endian Part 10 (encapsulated pixel data keeps its syntax), streaming
    /// the pixel data. Returns false, with the reader's findings, when the input cannot be read completely.
    /// </summary>
    public static (bool Succeeded, IReadOnlyList<DicomFinding> Findings) Rewrite(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        using var reader = new DicomReader(input);
        var read = reader.ReadHeader();
        if (!read.IsDicom || !read.IsComplete)
        {
            return (false, read.Findings);
        }

        var dataset = read.Dataset;
        var writer = new DicomWriter(output);
        var transferSyntax = read.PixelData is { IsEncapsulated: true } ? read.TransferSyntax.Uid : DicomTransferSyntax.ExplicitVRLittleEndian.Uid;
        writer.WriteFileMetaInformation(dataset.GetString(DicomTags.SopClassUid) ?? string.Empty, dataset.GetString(DicomTags.SopInstanceUid) ?? string.Empty, transferSyntax);
        writer.WriteElements(dataset, null, read.PixelData?.Tag);
        if (read.PixelData is { } pixel)
        {
            if (!writer.CopyPixelData(reader))
            {
                return (false, read.Findings);
            }

            reader.ReadTrailingElements();
            writer.WriteElements(dataset, new DicomTag(pixel.Tag.Value + 1), null);
        }

        output.Flush();
        return (read.IsComplete, read.Findings);
    }

    public void WriteFileMetaInformation(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceApplicationEntityTitle = null)
    {
        var meta = new DicomDataset();
        meta.Set(new DicomElement(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 }));
        // Left out rather than written empty when the dataset has no SOP identity, so validators see the real defect.
        if (!string.IsNullOrEmpty(sopClassUid))
        {
            meta.SetString(DicomTags.MediaStorageSopClassUid, DicomVR.UI, sopClassUid);
        }

        if (!string.IsNullOrEmpty(sopInstanceUid))
        {
            meta.SetString(DicomTags.MediaStorageSopInstanceUid, DicomVR.UI, sopInstanceUid);
        }

        meta.SetString(DicomTags.TransferSyntaxUid, DicomVR.UI, transferSyntaxUid);
        meta.SetString(DicomTags.ImplementationClassUid, DicomVR.UI, ImplementationClassUid);
        meta.SetString(DicomTags.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        if (!string.IsNullOrEmpty(sourceApplicationEntityTitle))
        {
            meta.SetString(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceApplicationEntityTitle);
        }

        using var group = new MemoryStream();
        var groupWriter = new DicomWriter(group);
        foreach (var element in meta)
        {
            groupWriter.WriteElement(element);
        }

        Span<byte> preamble = stackalloc byte[132];
        preamble.Clear();
        "DICM"u8.CopyTo(preamble[128..]);
        _output.Write(preamble);
        Span<byte> groupLength = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)group.Length);
        WriteHeader(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 4);
        _output.Write(groupLength);
        group.Position = 0;
        group.CopyTo(_output);
    }

    /// <summary>Writes the elements with tags in [from, to), skipping file meta information and group lengths.</summary>
    public void WriteElements(DicomDataset dataset, DicomTag? from, DicomTag? to)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        foreach (var element in dataset)
        {
            if ((from is { } low && element.Tag < low) || (to is { } high && element.Tag >= high))
            {
                continue;
            }

            // Group lengths are retired outside group 0002 and would be wrong after any edit.
            if (element.Tag.Group == 0x0002 || element.Tag.IsGroupLength)
            {
                continue;
            }

            WriteElement(element);
        }
    }

    public void WriteElement(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.IsValueSkipped)
        {
            throw new InvalidOperationException($"{element.Tag} was too large to load and cannot be written; remove it first.");
        }

        if (element.IsSequence)
        {
            WriteHeader(element.Tag, DicomVR.SQ, UndefinedLength);
            foreach (var item in element.Items)
            {
                WriteItemHeader(DicomTags.Item, UndefinedLength);
                WriteElements(item, null, null);
                WriteItemHeader(DicomTags.ItemDelimitationItem, 0);
            }

            WriteItemHeader(DicomTags.SequenceDelimitationItem, 0);
            return;
        }

        if (element.IsEncapsulated)
        {
            // The value already holds the fragment items and the closing sequence delimiter.
            WriteHeader(element.Tag, DicomVR.OB, UndefinedLength);
            _output.Write(element.Value.Span);
            return;
        }

        var vr = element.VR == DicomVR.None ? DicomVR.UN : element.VR;
        var value = element.Value.Span;
        var padded = (value.Length & 1) == 1;
        var length = value.Length + (padded ? 1 : 0);

        // A short-form VR cannot carry more than 65534 bytes; UN keeps the bytes without lying about the length.
        if (!vr.HasLongLength && length > 0xFFFE)
        {
            vr = DicomVR.UN;
        }

        WriteHeader(element.Tag, vr, (uint)length);
        _output.Write(value);
        if (padded)
        {
            _output.WriteByte(element.VR.PaddingByte);
        }
    }

    /// <summary>Writes native pixel data held in memory (little endian).</summary>
    public void WritePixelData(DicomTag tag, DicomVR vr, ReadOnlySpan<byte> value)
    {
        var padded = (value.Length & 1) == 1;
        WriteHeader(tag, vr, (uint)(value.Length + (padded ? 1 : 0)));
        _output.Write(value);
        if (padded)
        {
            _output.WriteByte(0);
        }
    }

    /// <summary>Writes encapsulated pixel data from fragments: an empty basic offset table, then one item per fragment.</summary>
    public void WriteEncapsulatedPixelData(IEnumerable<ReadOnlyMemory<byte>> fragments)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        WriteHeader(DicomTags.PixelData, DicomVR.OB, UndefinedLength);
        WriteItemHeader(DicomTags.Item, 0);
        foreach (var fragment in fragments)
        {
            var padded = (fragment.Length & 1) == 1;
            WriteItemHeader(DicomTags.Item, (uint)(fragment.Length + (padded ? 1 : 0)));
            _output.Write(fragment.Span);
            if (padded)
            {
                _output.WriteByte(0);
            }
        }

        WriteItemHeader(DicomTags.SequenceDelimitationItem, 0);
    }

    /// <summary>Streams the pixel data the reader is positioned at; false when the source ended early (the output is then incomplete).</summary>
    public bool CopyPixelData(DicomReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var info = reader.Result.PixelData ?? throw new InvalidOperationException("The reader found no pixel data.");
        if (info.Length is { } length)
        {
            var padded = (length & 1) == 1;
            WriteHeader(info.Tag, info.VR, (uint)(length + (padded ? 1 : 0)));
            var ok = reader.CopyPixelDataTo(_output);
            if (padded && ok)
            {
                _output.WriteByte(0);
            }

            return ok;
        }

        WriteHeader(info.Tag, DicomVR.OB, UndefinedLength);
        return reader.CopyPixelDataTo(_output);
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        header[4] = (byte)(vr.Code >> 8);
        header[5] = (byte)vr.Code;
        if (vr.HasLongLength)
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            _output.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            _output.Write(header[..8]);
        }
    }

    private void WriteItemHeader(DicomTag tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        _output.Write(header);
    }
}
