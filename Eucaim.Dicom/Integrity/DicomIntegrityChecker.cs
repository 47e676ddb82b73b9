using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>
/// Checks files as a data holder sends them: structure (through the reader), required attributes, transfer
/// syntax against content, pixel data size, and duplicate SOP Instance UIDs across a set.
/// </summary>
public sealed class DicomIntegrityChecker
{
    private const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

    private static readonly (DicomTag Tag, string Name, bool MayBeEmpty)[] RequiredAttributes =
    [
        (DicomTags.SopClassUid, "SOP Class UID", false),
        (DicomTags.SopInstanceUid, "SOP Instance UID", false),
        (DicomTags.StudyInstanceUid, "Study Instance UID", false),
        (DicomTags.SeriesInstanceUid, "Series Instance UID", false),
        (DicomTags.Modality, "Modality", false),

        // Type 2 in the Patient Module: it must be there, an empty value is legal but unusable for indexing.
        (DicomTags.PatientId, "Patient ID", true),
    ];

    private readonly DicomReaderOptions? _options;

    public DicomIntegrityChecker(DicomReaderOptions? options = null) => _options = options;

    public DicomFileReport CheckFile(string path)
    {
        try
        {
            using var stream = DicomReader.OpenFile(path);
            return Check(stream, path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var finding = new DicomFinding(DicomFindingCodes.ReadError, DicomFindingSeverity.Error, null, $"The file could not be opened: {exception.GetType().Name}.") { Source = path };
            return new DicomFileReport(path, null, false, [finding]);
        }
    }

    /// <summary>Reads the whole stream (pixel data walked, never loaded) and checks it.</summary>
    public DicomFileReport Check(Stream stream, string? source = null)
    {
        var read = DicomReader.Read(stream, _options);
        var findings = read.Findings.Concat(CheckContent(read)).Select(f => source is null ? f : f with { Source = source }).ToList();
        var uid = read.Dataset.GetString(DicomTags.SopInstanceUid);
        return new DicomFileReport(source, string.IsNullOrEmpty(uid) ? null : uid, read.IsDicom, findings);
    }

    /// <summary>Checks every file, then looks across them for duplicate SOP Instance UIDs.</summary>
    public DicomSetReport CheckSet(IEnumerable<string> paths)
    {
        var files = paths.Select(CheckFile).ToList();
        return new DicomSetReport(files, FindDuplicateSopInstanceUids(files));
    }

    public static IReadOnlyList<DicomFinding> FindDuplicateSopInstanceUids(IEnumerable<DicomFileReport> reports)
    {
        var findings = new List<DicomFinding>();
        foreach (var group in reports.Where(r => r.SopInstanceUid is not null).GroupBy(r => r.SopInstanceUid!, StringComparer.Ordinal))
        {
            var members = group.ToList();
            if (members.Count < 2)
            {
                continue;
            }

            var sources = string.Join(", ", members.Select((m, i) => m.Source ?? $"#{i}"));
            findings.Add(new DicomFinding(DicomFindingCodes.DuplicateSopInstanceUid, DicomFindingSeverity.Error, DicomTags.SopInstanceUid,
                $"{members.Count} files share one SOP Instance UID: {sources}.") { Source = members[0].Source });
        }

        return findings;
    }

    /// <summary>The checks that look at what was read rather than at how it was encoded.</summary>
    public static IReadOnlyList<DicomFinding> CheckContent(DicomReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var findings = new List<DicomFinding>();
        if (!read.IsDicom)
        {
            return findings;
        }

        var dataset = read.Dataset;
        var meta = read.FileMetaInformation;
        var isDirectory = meta.GetString(DicomTags.MediaStorageSopClassUid) == MediaStorageDirectoryStorage;
        if (!isDirectory && read.IsComplete)
        {
            foreach (var (tag, name, mayBeEmpty) in RequiredAttributes)
            {
                var element = dataset.GetElement(tag);
                if (element is null)
                {
                    findings.Add(new DicomFinding(DicomFindingCodes.MissingAttribute, DicomFindingSeverity.Error, tag, $"{name} is missing."));
                }
                else if (string.IsNullOrEmpty(dataset.GetString(tag)))
                {
                    findings.Add(new DicomFinding(DicomFindingCodes.MissingAttribute, mayBeEmpty ? DicomFindingSeverity.Warning : DicomFindingSeverity.Error, tag, $"{name} is empty."));
                }
            }
        }

        CheckMetaAgreement(meta, dataset, findings);
        CheckUids(dataset, findings);
        CheckPixelData(read, findings);
        return findings;
    }

    private static void CheckMetaAgreement(DicomDataset meta, DicomDataset dataset, List<DicomFinding> findings)
    {
        if (meta.Count == 0)
        {
            return;
        }

        void Compare(DicomTag metaTag, DicomTag datasetTag, string name)
        {
            var inMeta = meta.GetString(metaTag);
            var inDataset = dataset.GetString(datasetTag);
            if (!string.IsNullOrEmpty(inMeta) && !string.IsNullOrEmpty(inDataset) && inMeta != inDataset)
            {
                findings.Add(new DicomFinding(DicomFindingCodes.MetaInformationMismatch, DicomFindingSeverity.Warning, metaTag,
                    $"File meta information and dataset disagree on the {name}."));
            }
        }

        Compare(DicomTags.MediaStorageSopClassUid, DicomTags.SopClassUid, "SOP Class UID");
        Compare(DicomTags.MediaStorageSopInstanceUid, DicomTags.SopInstanceUid, "SOP Instance UID");
    }

    private static void CheckUids(DicomDataset dataset, List<DicomFinding> findings)
    {
        foreach (var element in dataset)
        {
            if (element.VR != DicomVR.UI || element.Value.IsEmpty)
            {
                continue;
            }

            foreach (var uid in element.GetStrings(dataset.CharacterSet))
            {
                if (uid.Length > 0 && !DicomUid.IsValid(uid))
                {
                    findings.Add(new DicomFinding(DicomFindingCodes.InvalidUid, DicomFindingSeverity.Warning, element.Tag,
                        "A UID breaks PS3.5 9.1 (digits and dots, no leading zeros, at most 64 characters)."));
                    break;
                }
            }
        }
    }

    private static void CheckPixelData(DicomReadResult read, List<DicomFinding> findings)
    {
        if (read.PixelData is not { } pixel)
        {
            return;
        }

        var syntax = read.TransferSyntax;
        if (pixel.IsEncapsulated && !syntax.IsEncapsulated)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.TransferSyntaxMismatch, DicomFindingSeverity.Error, pixel.Tag,
                $"Pixel data is encapsulated but the transfer syntax ({syntax.Name}) is native."));
            return;
        }

        if (!pixel.IsEncapsulated && syntax.IsEncapsulated && syntax.IsKnown)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.TransferSyntaxMismatch, DicomFindingSeverity.Error, pixel.Tag,
                $"Pixel data is native but the transfer syntax ({syntax.Name}) requires encapsulated fragments."));
            return;
        }

        if (pixel.IsEncapsulated)
        {
            if (pixel.FragmentCount is 0 or 1 && !pixel.IsTruncated)
            {
                findings.Add(new DicomFinding(DicomFindingCodes.MalformedPixelData, DicomFindingSeverity.Error, pixel.Tag,
                    "Encapsulated pixel data needs a basic offset table item and at least one fragment."));
            }

            return;
        }

        var dataset = read.Dataset;
        var rows = dataset.GetInt32(DicomTags.Rows);
        var columns = dataset.GetInt32(DicomTags.Columns);
        var bits = pixel.Tag == DicomTags.FloatPixelData ? 32 : pixel.Tag == DicomTags.DoubleFloatPixelData ? 64 : dataset.GetInt32(DicomTags.BitsAllocated);
        var samples = dataset.GetInt32(DicomTags.SamplesPerPixel) ?? 1;
        var frames = dataset.GetInt32(DicomTags.NumberOfFrames) ?? 1;
        if (dataset.Contains(DicomTags.NumberOfFrames) && !string.IsNullOrEmpty(dataset.GetString(DicomTags.NumberOfFrames))
            && dataset.GetInt32(DicomTags.NumberOfFrames) is null)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.InvalidValue, DicomFindingSeverity.Error, DicomTags.NumberOfFrames,
                "Number of Frames is not an integer, so the pixel data size cannot be checked."));
            return;
        }

        // YBR_FULL_422 stores two samples' worth per pixel: chroma is shared by horizontal pairs (PS3.3 C.7.6.3.1.2).
        if (samples == 3 && string.Equals(dataset.GetString(DicomTags.PhotometricInterpretation), "YBR_FULL_422", StringComparison.Ordinal))
        {
            samples = 2;
        }

        if (rows is null || columns is null || bits is null)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.MissingAttribute, DicomFindingSeverity.Error, pixel.Tag,
                "Pixel data is present without Rows, Columns and Bits Allocated, so its size cannot be checked."));
            return;
        }

        var expectedBits = (long)rows.Value * columns.Value * samples * bits.Value * Math.Max(frames, 1);
        var expected = (expectedBits + 7) / 8;
        var actual = pixel.Length!.Value;
        if (actual != expected && actual != expected + 1)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.PixelDataSizeMismatch, DicomFindingSeverity.Error, pixel.Tag,
                string.Create(CultureInfo.InvariantCulture,
                    $"Pixel data holds {actual} byte(s); {rows} rows x {columns} columns x {samples} sample(s) x {bits} bits x {frames} frame(s) need {expected}.")));
        }
    }
}
