using System.Buffers.Binary;
using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>Builds the index record of a file, plus a configurable list of further attributes.</summary>
public sealed class DicomTagExtractor
{
    private readonly (string Key, DicomTag Tag)[] _additional;

    public DicomTagExtractor()
        : this([])
    {
    }

    /// <param name="additionalAttributes">Keywords ("PatientWeight") or tags ("00181030", "(0018,1030)") to extract as text.</param>
    public DicomTagExtractor(IEnumerable<string> additionalAttributes)
    {
        _additional = additionalAttributes.Select(Resolve).ToArray();
    }

    public IReadOnlyList<DicomTag> AdditionalTags => _additional.Select(a => a.Tag).ToArray();

    /// <summary>Reads a file's header and extracts its record; the read's findings are returned alongside.</summary>
    public (DicomIndexRecord Record, DicomReadResult Read) ExtractFile(string path, DicomReaderOptions? options = null)
    {
        var read = DicomReader.ReadFile(path, headerOnly: true, options);
        return (Extract(read), read);
    }

    public DicomIndexRecord Extract(DicomReadResult read) =>
        Extract(read.Dataset, read.FileMetaInformation.GetString(DicomTags.TransferSyntaxUid) is { Length: > 0 } ts ? ts : null, read.PixelData);

    public DicomIndexRecord Extract(DicomDataset dataset, string? transferSyntaxUid = null, DicomPixelDataInfo? pixelData = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dictionary<string, string?> additional = new(_additional.Length, StringComparer.Ordinal);
        foreach (var (key, tag) in _additional)
        {
            additional[key] = dataset.GetElement(tag) is { IsSequence: false, IsValueSkipped: false } element && !element.VR.IsBulkBinary
                ? element.VR.IsString ? NullIfEmpty(dataset.GetString(tag)) : FormatBinary(element)
                : null;
        }

        return new DicomIndexRecord
        {
            PatientId = Text(dataset, DicomTags.PatientId),
            PatientName = Text(dataset, DicomTags.PatientName),
            PatientBirthDate = dataset.GetDate(DicomTags.PatientBirthDate),
            PatientSex = Text(dataset, DicomTags.PatientSex),
            PatientAge = Text(dataset, DicomTags.PatientAge),
            StudyInstanceUid = Text(dataset, DicomTags.StudyInstanceUid),
            StudyDate = dataset.GetDate(DicomTags.StudyDate),
            StudyTime = DicomDate.ParseTime(dataset.GetString(DicomTags.StudyTime)),
            StudyDescription = Text(dataset, DicomTags.StudyDescription),
            StudyId = Text(dataset, DicomTags.StudyId),
            AccessionNumber = Text(dataset, DicomTags.AccessionNumber),
            ReferringPhysicianName = Text(dataset, DicomTags.ReferringPhysicianName),
            SeriesInstanceUid = Text(dataset, DicomTags.SeriesInstanceUid),
            SeriesNumber = dataset.GetInt32(DicomTags.SeriesNumber),
            SeriesDate = dataset.GetDate(DicomTags.SeriesDate),
            SeriesDescription = Text(dataset, DicomTags.SeriesDescription),
            PerformedProcedureStepStartDate = dataset.GetDate(DicomTags.PerformedProcedureStepStartDate),
            PerformedProcedureStepStartTime = DicomDate.ParseTime(dataset.GetString(DicomTags.PerformedProcedureStepStartTime)),
            Modality = Text(dataset, DicomTags.Modality),
            BodyPartExamined = Text(dataset, DicomTags.BodyPartExamined),
            Manufacturer = Text(dataset, DicomTags.Manufacturer),
            ManufacturerModelName = Text(dataset, DicomTags.ManufacturerModelName),
            FrameOfReferenceUid = Text(dataset, DicomTags.FrameOfReferenceUid),
            SopClassUid = Text(dataset, DicomTags.SopClassUid),
            SopInstanceUid = Text(dataset, DicomTags.SopInstanceUid),
            InstanceNumber = dataset.GetInt32(DicomTags.InstanceNumber),
            TransferSyntaxUid = transferSyntaxUid,
            Rows = dataset.GetInt32(DicomTags.Rows),
            Columns = dataset.GetInt32(DicomTags.Columns),
            NumberOfFrames = dataset.GetInt32(DicomTags.NumberOfFrames),
            SamplesPerPixel = dataset.GetInt32(DicomTags.SamplesPerPixel),
            BitsAllocated = dataset.GetInt32(DicomTags.BitsAllocated),
            SliceThickness = dataset.GetDouble(DicomTags.SliceThickness),
            SpacingBetweenSlices = dataset.GetDouble(DicomTags.SpacingBetweenSlices),
            PixelSpacing = dataset.GetDoubles(DicomTags.PixelSpacing),
            ImagePositionPatient = dataset.GetDoubles(DicomTags.ImagePositionPatient),
            ImageOrientationPatient = dataset.GetDoubles(DicomTags.ImageOrientationPatient),
            BurnedInAnnotation = Text(dataset, DicomTags.BurnedInAnnotation),
            PixelDataLength = pixelData?.Length,
            Additional = additional,
        };
    }

    private static string? Text(DicomDataset dataset, DicomTag tag) => NullIfEmpty(dataset.GetString(tag));

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? FormatBinary(DicomElement element)
    {
        var count = element.ValueMultiplicity;
        if (count == 0)
        {
            return null;
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = element.TryGetBinaryInteger(i, out var integer) ? integer.ToString(CultureInfo.InvariantCulture)
                : element.TryGetBinaryFloat(i, out var real) ? real.ToString("R", CultureInfo.InvariantCulture)
                : element.VR == DicomVR.AT && element.Value.Length >= (i + 1) * 4
                    ? new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(element.Value.Span.Slice(i * 4, 2)), BinaryPrimitives.ReadUInt16LittleEndian(element.Value.Span.Slice(i * 4 + 2, 2))).ToJsonKey()
                    : string.Empty;
        }

        return string.Join('\\', values);
    }

    private static (string Key, DicomTag Tag) Resolve(string attribute)
    {
        if (DicomDictionary.FindByKeyword(attribute) is { } entry)
        {
            return (entry.Keyword, entry.Tag);
        }

        if (DicomTag.TryParse(attribute, out var tag))
        {
            return (DicomDictionary.Find(tag)?.Keyword ?? tag.ToJsonKey(), tag);
        }

        throw new ArgumentException($"'{attribute}' is neither a PS3.6 keyword nor a tag.", nameof(attribute));
    }
}
