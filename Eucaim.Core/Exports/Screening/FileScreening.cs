using System.Buffers;
using System.Globalization;

namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// Screens one file in one streaming pass: its kind from the first bytes, then every byte through the
/// identifier search and, when it reads as text, the small-cell check. A file that is DICOM, NIfTI or
/// an archive is blocked by its kind alone and is not read further.
/// </summary>
public static class FileScreening
{
    private const int ChunkLength = 1 << 16;

    public static async Task<List<ExportFinding>> ScreenAsync(
        string file, Stream content, IdentifierSet identifiers, int smallCellThreshold, CancellationToken cancellationToken)
    {
        var findings = new List<ExportFinding>();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkLength);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken);
            var head = buffer.AsSpan(0, filled);
            var sniffed = ContentSniffer.Sniff(head[..Math.Min(filled, ContentSniffer.HeadLength)]);
            if (KindFinding(file, sniffed) is { } kind)
            {
                findings.Add(kind);
                if (kind.Severity == FindingSeverity.Blocking)
                {
                    return findings;
                }
            }

            var ids = new IdentifierScanner(identifiers);
            // Text has no NUL byte; tables are looked for only in text.
            var cells = sniffed.Kind == ContentKind.Other && head.IndexOf((byte)0) < 0 ? new SmallCellScanner(smallCellThreshold) : null;
            while (filled > 0)
            {
                ids.Feed(buffer.AsSpan(0, filled));
                cells?.Feed(buffer.AsSpan(0, filled));
                filled = await FillAsync(content, buffer, cancellationToken);
            }

            ids.Finish();
            cells?.Finish();
            foreach (var (code, (line, count)) in ids.Found.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                findings.Add(new ExportFinding
                {
                    File = file,
                    Code = code,
                    Severity = ExportFindingCodes.SeverityOf(code),
                    Message = $"{Describe(code)} indexed for a granted dataset: {Times(count)}, first on line {line}.",
                    Line = line,
                    Count = count,
                });
            }

            if (cells is { SmallCells: > 0 })
            {
                findings.Add(new ExportFinding
                {
                    File = file,
                    Code = ExportFindingCodes.SmallCell,
                    Severity = ExportFindingCodes.SeverityOf(ExportFindingCodes.SmallCell),
                    Message = string.Create(CultureInfo.InvariantCulture,
                        $"a table with {cells.SmallCells} count cell(s) below the threshold of {smallCellThreshold}, first on line {cells.FirstLine} in column '{cells.FirstColumn}'."),
                    Line = cells.FirstLine,
                    Count = cells.SmallCells,
                });
            }

            return findings;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ExportFinding? KindFinding(string file, SniffedContent sniffed)
    {
        var (code, what) = sniffed.Kind switch
        {
            ContentKind.Dicom => (ExportFindingCodes.Dicom, "a DICOM file"),
            ContentKind.Nifti => (ExportFindingCodes.Nifti, "a NIfTI image"),
            ContentKind.Archive => (ExportFindingCodes.Archive, "an archive, whose members are not screened"),
            ContentKind.Image => (ExportFindingCodes.Image, "a picture; check that it shows no image of a subject"),
            _ => (null, null),
        };
        return code is null ? null : new ExportFinding
        {
            File = file,
            Code = code,
            Severity = ExportFindingCodes.SeverityOf(code),
            Message = $"{what} ({sniffed.Format}, recognised by its content).",
        };
    }

    private static string Describe(string code) => code switch
    {
        ExportFindingCodes.PatientId => "a PatientID",
        ExportFindingCodes.AccessionNumber => "an AccessionNumber",
        ExportFindingCodes.StudyInstanceUid => "a StudyInstanceUID",
        ExportFindingCodes.SeriesInstanceUid => "a SeriesInstanceUID",
        ExportFindingCodes.SopInstanceUid => "a SOPInstanceUID",
        _ => code,
    };

    private static string Times(long count) => count == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{count} times");

    /// <summary>Reads until the buffer is full or the stream ends, so the head is whole even from a stream that answers in small pieces.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < ChunkLength)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, ChunkLength - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
