using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>
/// Streaming reader for DICOM Part 10 files and bare datasets. A header read stops in front of the pixel
/// data value, which is then skipped, copied or left alone; nothing is loaded because a length field says so,
/// and every problem becomes a <see cref="DicomFinding"/> rather than an exception.
/// </summary>
public sealed partial class DicomReader : IDisposable
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int ProgressiveThreshold = 1024 * 1024;

    private readonly DicomByteSource _source;
    private readonly DicomReaderOptions _options;
    private readonly DicomReadResult _result = new();
    private readonly ValueArena _arena = new();
    private bool _explicitVR = true;
    private bool _bigEndian;
    private ReaderState _state = ReaderState.NotStarted;
    private long _valueBytes;
    private int _elementCount;

    public DicomReader(Stream stream, DicomReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _source = new DicomByteSource(stream);
        _options = options ?? DicomReaderOptions.Default;
    }

    private enum ReaderState
    {
        NotStarted,
        AtPixelData,
        AfterPixelData,
        Finished,
    }

    private enum Outcome
    {
        EndOfDataset,
        ItemDelimiter,
        SequenceDelimiter,
        PixelData,
        Fatal,
    }

    private enum Mode
    {
        FileMeta,
        Header,
        Trailing,
    }

    public DicomReadResult Result => _result;

    /// <summary>Reads file meta information and the dataset up to, not including, the top-level pixel data.</summary>
    public static DicomReadResult ReadHeader(Stream stream, DicomReaderOptions? options = null)
    {
        using var reader = new DicomReader(stream, options);
        return reader.ReadHeader();
    }

    /// <summary>Reads everything except the pixel data value, which is walked (fragments counted) but not loaded.</summary>
    public static DicomReadResult Read(Stream stream, DicomReaderOptions? options = null)
    {
        using var reader = new DicomReader(stream, options);
        return reader.ReadToEnd();
    }

    public static DicomReadResult ReadFile(string path, bool headerOnly = true, DicomReaderOptions? options = null)
    {
        using var stream = OpenFile(path);
        return headerOnly ? ReadHeader(stream, options) : Read(stream, options);
    }

    /// <summary>Opens a file for reading with no stream-level buffer; the reader buffers itself.</summary>
    public static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.None);

    public DicomReadResult ReadHeader()
    {
        if (_state != ReaderState.NotStarted)
        {
            return _result;
        }

        _state = ReaderState.Finished;
        if (!ReadPreambleAndFileMeta() || !ChooseTransferSyntax())
        {
            return _result;
        }

        var outcome = ReadDataset(_result.Dataset, -1, 0, Mode.Header);
        _state = outcome == Outcome.PixelData ? ReaderState.AtPixelData : ReaderState.Finished;
        ReportStreamFault();
        return _result;
    }

    /// <summary>Finishes the read: skips the pixel data value if it is still ahead, then reads any elements after it.</summary>
    public DicomReadResult ReadToEnd()
    {
        ReadHeader();
        if (_state == ReaderState.AtPixelData)
        {
            TransferPixelData(null);
        }

        ReadTrailingElements();
        return _result;
    }

    /// <summary>Reads the elements that follow the pixel data into <see cref="DicomReadResult.Dataset"/>.</summary>
    public void ReadTrailingElements()
    {
        if (_state != ReaderState.AfterPixelData)
        {
            return;
        }

        _state = ReaderState.Finished;
        ReadDataset(_result.Dataset, -1, 0, Mode.Trailing);
        ReportStreamFault();
    }

    /// <summary>Skips the pixel data value (seeking when possible), checking that it is all there.</summary>
    public void SkipPixelData()
    {
        if (_state == ReaderState.AtPixelData)
        {
            TransferPixelData(null);
        }
    }

    /// <summary>
    /// Copies the pixel data value to <paramref name="destination"/>: native data in little endian byte order,
    /// encapsulated data as its items followed by the sequence delimiter. Returns false when the value was
    /// truncated or malformed (the copy is then incomplete).
    /// </summary>
    public bool CopyPixelDataTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_state != ReaderState.AtPixelData)
        {
            throw new InvalidOperationException("The reader is not positioned at pixel data; call ReadHeader first.");
        }

        return TransferPixelData(destination);
    }

    public void Dispose() => _source.Dispose();

    private bool ReadPreambleAndFileMeta()
    {
        _source.Ensure(132);
        var available = _source.Buffered;
        var head = _source.Peek(Math.Min(available, 132));
        if (available >= 132 && head.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            _result.HasPreamble = true;
            _source.Advance(132);
            return ReadFileMeta();
        }

        if (available >= 4 && head[..4].SequenceEqual("DICM"u8))
        {
            Report(DicomFindingCodes.MissingPreamble, DicomFindingSeverity.Warning, null, "The 128-byte preamble is missing; the file starts with the DICM prefix.");
            _source.Advance(4);
            return ReadFileMeta();
        }

        if (available >= 8 && head[0] == 0x02 && head[1] == 0x00 && IsUpper(head[4]) && IsUpper(head[5]))
        {
            Report(DicomFindingCodes.MissingPreamble, DicomFindingSeverity.Warning, null, "The preamble and DICM prefix are missing; the file starts with file meta information.");
            return ReadFileMeta();
        }

        Report(DicomFindingCodes.MissingFileMetaInformation, DicomFindingSeverity.Warning, null, "No preamble, DICM prefix or file meta information: read as a bare dataset.");
        if (available < 8 || !TryDetectSyntax(head, bare: true, out var explicitVR, out var bigEndian))
        {
            _result.IsDicom = false;
            _result.IsComplete = false;
            Report(DicomFindingCodes.NotDicom, DicomFindingSeverity.Error, null, "The input is neither a DICOM Part 10 file nor a recognisable DICOM dataset.");
            return false;
        }

        _explicitVR = explicitVR;
        _bigEndian = bigEndian;
        _result.TransferSyntax = explicitVR
            ? bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian : DicomTransferSyntax.ExplicitVRLittleEndian
            : DicomTransferSyntax.ImplicitVRLittleEndian;
        return true;
    }

    private bool ReadFileMeta()
    {
        _explicitVR = true;
        _bigEndian = false;
        var metaStart = _source.Position;
        var outcome = ReadDataset(_result.FileMetaInformation, -1, 0, Mode.FileMeta);
        if (outcome == Outcome.Fatal)
        {
            return false;
        }

        var meta = _result.FileMetaInformation;
        if (meta.Count == 0)
        {
            Report(DicomFindingCodes.InvalidFileMetaInformation, DicomFindingSeverity.Error, null, "The DICM prefix is not followed by file meta information (group 0002).");
        }

        if (meta.TryGetInt64(DicomTags.FileMetaInformationGroupLength, out var groupLength))
        {
            var groupLengthEnd = metaStart + 12;
            if (groupLengthEnd + groupLength != _source.Position)
            {
                Report(DicomFindingCodes.InvalidFileMetaInformation, DicomFindingSeverity.Warning, DicomTags.FileMetaInformationGroupLength,
                    string.Create(CultureInfo.InvariantCulture, $"File Meta Information Group Length says {groupLength} bytes, the group has {_source.Position - groupLengthEnd}."));
            }
        }

        _result.DeclaredTransferSyntaxUid = meta.GetString(DicomTags.TransferSyntaxUid) is { Length: > 0 } uid ? uid : null;
        return true;
    }

    private bool ChooseTransferSyntax()
    {
        if (_result.FileMetaInformation.Count > 0)
        {
            if (_result.DeclaredTransferSyntaxUid is { } uid)
            {
                var declared = DicomTransferSyntax.Lookup(uid);
                if (!declared.IsKnown)
                {
                    Report(DicomFindingCodes.UnsupportedTransferSyntax, DicomFindingSeverity.Warning, DicomTags.TransferSyntaxUid,
                        "Unknown transfer syntax UID: the dataset is read as explicit VR little endian with encapsulated pixel data.");
                }

                _result.TransferSyntax = declared;
            }
            else
            {
                Report(DicomFindingCodes.MissingTransferSyntax, DicomFindingSeverity.Warning, DicomTags.TransferSyntaxUid,
                    "File meta information has no Transfer Syntax UID; the encoding is inferred from the dataset.");
                _result.TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian;
            }

            _explicitVR = _result.TransferSyntax.IsExplicitVR;
            _bigEndian = _result.TransferSyntax.IsBigEndian;
            if (_result.TransferSyntax.IsDeflated)
            {
                _source.StartInflating();
            }
        }

        if (!_source.Ensure(8))
        {
            return true;
        }

        var first = _source.Peek(8);
        if (!TryDetectSyntax(first, bare: false, out var explicitVR, out var bigEndian))
        {
            return true;
        }

        if (explicitVR == _explicitVR && bigEndian == _bigEndian)
        {
            return true;
        }

        var detected = explicitVR
            ? bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian : DicomTransferSyntax.ExplicitVRLittleEndian
            : DicomTransferSyntax.ImplicitVRLittleEndian;
        if (_result.DeclaredTransferSyntaxUid is not null)
        {
            Report(DicomFindingCodes.TransferSyntaxMismatch, DicomFindingSeverity.Error, DicomTags.TransferSyntaxUid,
                $"The dataset is encoded as {detected.Name}, not as the declared {_result.TransferSyntax.Name}; it is read as {detected.Name}.");
        }

        _explicitVR = explicitVR;
        _bigEndian = bigEndian;
        if (!_result.TransferSyntax.IsEncapsulated || _result.DeclaredTransferSyntaxUid is null)
        {
            _result.TransferSyntax = detected;
        }

        return true;
    }

    /// <summary>Guesses VR encoding and byte order from the first element header.</summary>
    private bool TryDetectSyntax(ReadOnlySpan<byte> head, bool bare, out bool explicitVR, out bool bigEndian)
    {
        explicitVR = true;
        bigEndian = false;
        var groupLittle = (ushort)(head[0] | (head[1] << 8));
        var groupBig = (ushort)((head[0] << 8) | head[1]);
        var vr = DicomVR.FromCode((ushort)((head[4] << 8) | head[5]));
        if (vr.IsKnown)
        {
            bigEndian = groupBig < groupLittle;
            var group = bigEndian ? groupBig : groupLittle;
            if (bare)
            {
                return (group & 1) == 0 && group is >= 0x0002 and <= 0x7FE0;
            }

            if (!_explicitVR)
            {
                // Implicit lengths can look like two letters; only trust the letters if they are the tag's VR.
                var element = (ushort)(head[2] | (head[3] << 8));
                var entry = DicomDictionary.Find(new DicomTag(groupLittle, element));
                if (entry is null || !entry.ValueRepresentations.Contains(vr))
                {
                    explicitVR = false;
                    bigEndian = false;
                    return true;
                }
            }

            return true;
        }

        explicitVR = false;
        if (bare)
        {
            var tag = new DicomTag(groupLittle, (ushort)(head[2] | (head[3] << 8)));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            var plausibleLength = length == UndefinedLength || _source.Remaining is not { } remaining || length <= remaining;
            return (groupLittle & 1) == 0 && groupLittle is >= 0x0002 and <= 0x0100 && plausibleLength
                && (tag.IsGroupLength || DicomDictionary.Find(tag) is not null);
        }

        // No VR letters where an explicit syntax puts them: implicit VR little endian is the only reading left.
        return true;
    }

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private void ReportStreamFault()
    {
        if (_source.Fault is { } fault && !_result.Findings.Any(f => f.Code is DicomFindingCodes.DeflateError or DicomFindingCodes.ReadError))
        {
            var code = fault is InvalidDataException ? DicomFindingCodes.DeflateError : DicomFindingCodes.ReadError;
            Report(code, DicomFindingSeverity.Error, null, $"The input stream failed: {fault.GetType().Name}.");
            _result.IsComplete = false;
        }
    }

    private void Report(string code, DicomFindingSeverity severity, DicomTag? tag, string message) =>
        _result.Add(new DicomFinding(code, severity, tag, message) { Offset = _source.Position });

    private Outcome Fatal(string code, DicomTag? tag, string message)
    {
        Report(code, DicomFindingSeverity.Error, tag, message);
        _result.IsComplete = false;
        ReportStreamFault();
        return Outcome.Fatal;
    }
}
