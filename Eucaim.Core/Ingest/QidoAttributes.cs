using Eucaim.Dicom;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Every attribute QIDO-RS can match or return: the required matching keys of PS3.18 Table 10.6.1-5
/// at each level, plus what else the index keeps. Anything else is not in the index, so a query on it
/// is refused rather than silently ignored.
/// </summary>
public static class QidoAttributes
{
    public static readonly QidoAttribute StudyDate = new("StudyDate", "00080020", "DA", QidoEntity.Study, QidoMatching.Date);
    public static readonly QidoAttribute StudyTime = new("StudyTime", "00080030", "TM", QidoEntity.Study, QidoMatching.Time);
    public static readonly QidoAttribute AccessionNumber = new("AccessionNumber", "00080050", "SH", QidoEntity.Study, QidoMatching.Text);
    public static readonly QidoAttribute ModalitiesInStudy = new("ModalitiesInStudy", "00080061", "CS", QidoEntity.Study, QidoMatching.CodeList);
    public static readonly QidoAttribute ReferringPhysicianName = new("ReferringPhysicianName", "00080090", "PN", QidoEntity.Study, QidoMatching.PersonName);
    public static readonly QidoAttribute StudyDescription = new("StudyDescription", "00081030", "LO", QidoEntity.Study, QidoMatching.Text);
    public static readonly QidoAttribute PatientName = new("PatientName", "00100010", "PN", QidoEntity.Study, QidoMatching.PersonName);
    public static readonly QidoAttribute PatientId = new("PatientID", "00100020", "LO", QidoEntity.Study, QidoMatching.Text);
    public static readonly QidoAttribute PatientBirthDate = new("PatientBirthDate", "00100030", "DA", QidoEntity.Study, QidoMatching.Date);
    public static readonly QidoAttribute PatientSex = new("PatientSex", "00100040", "CS", QidoEntity.Study, QidoMatching.CodeList);
    public static readonly QidoAttribute StudyInstanceUid = new("StudyInstanceUID", "0020000D", "UI", QidoEntity.Study, QidoMatching.Uid);
    public static readonly QidoAttribute StudyId = new("StudyID", "00200010", "SH", QidoEntity.Study, QidoMatching.Text);
    public static readonly QidoAttribute NumberOfStudyRelatedSeries = new("NumberOfStudyRelatedSeries", "00201206", "IS", QidoEntity.Study, QidoMatching.None);
    public static readonly QidoAttribute NumberOfStudyRelatedInstances = new("NumberOfStudyRelatedInstances", "00201208", "IS", QidoEntity.Study, QidoMatching.None);

    public static readonly QidoAttribute Modality = new("Modality", "00080060", "CS", QidoEntity.Series, QidoMatching.CodeList);
    public static readonly QidoAttribute SeriesDescription = new("SeriesDescription", "0008103E", "LO", QidoEntity.Series, QidoMatching.Text);
    public static readonly QidoAttribute BodyPartExamined = new("BodyPartExamined", "00180015", "CS", QidoEntity.Series, QidoMatching.CodeList);
    public static readonly QidoAttribute SeriesInstanceUid = new("SeriesInstanceUID", "0020000E", "UI", QidoEntity.Series, QidoMatching.Uid);
    public static readonly QidoAttribute SeriesNumber = new("SeriesNumber", "00200011", "IS", QidoEntity.Series, QidoMatching.Number);
    public static readonly QidoAttribute PerformedProcedureStepStartDate = new("PerformedProcedureStepStartDate", "00400244", "DA", QidoEntity.Series, QidoMatching.Date);
    public static readonly QidoAttribute PerformedProcedureStepStartTime = new("PerformedProcedureStepStartTime", "00400245", "TM", QidoEntity.Series, QidoMatching.Time);
    public static readonly QidoAttribute NumberOfSeriesRelatedInstances = new("NumberOfSeriesRelatedInstances", "00201209", "IS", QidoEntity.Series, QidoMatching.None);

    public static readonly QidoAttribute SopClassUid = new("SOPClassUID", "00080016", "UI", QidoEntity.Instance, QidoMatching.Uid);
    public static readonly QidoAttribute SopInstanceUid = new("SOPInstanceUID", "00080018", "UI", QidoEntity.Instance, QidoMatching.Uid);
    public static readonly QidoAttribute AvailableTransferSyntaxUid = new("AvailableTransferSyntaxUID", "00083002", "UI", QidoEntity.Instance, QidoMatching.None);
    public static readonly QidoAttribute InstanceNumber = new("InstanceNumber", "00200013", "IS", QidoEntity.Instance, QidoMatching.Number);
    public static readonly QidoAttribute NumberOfFrames = new("NumberOfFrames", "00280008", "IS", QidoEntity.Instance, QidoMatching.None);
    public static readonly QidoAttribute Rows = new("Rows", "00280010", "US", QidoEntity.Instance, QidoMatching.None);
    public static readonly QidoAttribute Columns = new("Columns", "00280011", "US", QidoEntity.Instance, QidoMatching.None);

    /// <summary>In tag order within each level, the order a response lists them.</summary>
    public static readonly IReadOnlyList<QidoAttribute> All =
    [
        StudyDate, StudyTime, AccessionNumber, ModalitiesInStudy, ReferringPhysicianName, StudyDescription, PatientName, PatientId,
        PatientBirthDate, PatientSex, StudyInstanceUid, StudyId, NumberOfStudyRelatedSeries, NumberOfStudyRelatedInstances,
        Modality, SeriesDescription, BodyPartExamined, SeriesInstanceUid, SeriesNumber, NumberOfSeriesRelatedInstances,
        PerformedProcedureStepStartDate, PerformedProcedureStepStartTime,
        SopClassUid, SopInstanceUid, AvailableTransferSyntaxUid, InstanceNumber, NumberOfFrames, Rows, Columns,
    ];

    private static readonly Dictionary<string, QidoAttribute> ByName = All
        .SelectMany(a => new[] { (a.Keyword, a), (a.Tag, a) })
        .ToDictionary(p => p.Item1, p => p.a, StringComparer.OrdinalIgnoreCase);

    /// <summary>The attribute a query parameter names, by keyword (any case) or by tag (<c>00100020</c>).</summary>
    public static QidoAttribute? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>A PS3.6 attribute that the index does not keep, by keyword or tag, as "Keyword (tag)"; null when the name is no DICOM attribute at all.</summary>
    public static string? DescribeUnindexed(string name)
    {
        if (DicomDictionary.FindByKeyword(name) is { } entry)
        {
            return $"{entry.Keyword} ({entry.Tag.ToJsonKey()})";
        }

        return name.Length == 8 && DicomTag.TryParse(name, out var tag)
            ? $"{DicomDictionary.Find(tag)?.Keyword ?? "private or unknown attribute"} ({tag.ToJsonKey()})"
            : null;
    }
}
