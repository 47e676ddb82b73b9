using System.Globalization;
using Eucaim.Dicom;

namespace Eucaim.Core.Ingest;

/// <summary>A study as QIDO-RS returns it: its row, its patient, the modalities of its series and its counts.</summary>
public sealed record QidoStudyRow(IndexedStudy Study, IndexedPatient? Patient, IReadOnlyList<string> Modalities, int SeriesCount, int InstanceCount);

public sealed record QidoSeriesRow(IndexedSeries Series, int InstanceCount);

/// <summary>
/// One result of a search: the entity of its level and, where the response returns their attributes,
/// the entities above it (null when no returned attribute needs them).
/// </summary>
public sealed record QidoResult(QidoStudyRow? Study, QidoSeriesRow? Series, IndexedInstance? Instance)
{
    public string StudyInstanceUid => Study?.Study.StudyInstanceUid ?? Series?.Series.StudyInstanceUid ?? Instance!.StudyInstanceUid;

    public string? SeriesInstanceUid => Series?.Series.SeriesInstanceUid ?? Instance?.SeriesInstanceUid;

    /// <summary>
    /// The attribute's value as DICOM JSON carries it: a string (DA and TM already in DICOM form), a
    /// list of strings, a number, or null when the index holds none.
    /// </summary>
    public object? ValueOf(QidoAttribute attribute)
    {
        var st = Study?.Study;
        var se = Series?.Series;
        var i = Instance;
        return attribute.Keyword switch
        {
            "StudyDate" => Date(st?.StudyDate),
            "StudyTime" => Time(st?.StudyTime),
            "AccessionNumber" => st?.AccessionNumber,
            "ModalitiesInStudy" => Study?.Modalities,
            "ReferringPhysicianName" => st?.ReferringPhysicianName,
            "StudyDescription" => st?.StudyDescription,
            "PatientName" => Study?.Patient?.PatientName,
            "PatientID" => st?.PatientId is { Length: > 0 } id ? id : null,
            "PatientBirthDate" => Date(Study?.Patient?.BirthDate),
            "PatientSex" => Study?.Patient?.Sex,
            "StudyInstanceUID" => StudyInstanceUid,
            "StudyID" => st?.StudyId,
            "NumberOfStudyRelatedSeries" => Study?.SeriesCount,
            "NumberOfStudyRelatedInstances" => Study?.InstanceCount,
            "Modality" => se?.Modality,
            "SeriesDescription" => se?.SeriesDescription,
            "BodyPartExamined" => se?.BodyPartExamined,
            "SeriesInstanceUID" => SeriesInstanceUid,
            "SeriesNumber" => se?.SeriesNumber,
            "PerformedProcedureStepStartDate" => Date(se?.PerformedProcedureStepStartDate),
            "PerformedProcedureStepStartTime" => Time(se?.PerformedProcedureStepStartTime),
            "NumberOfSeriesRelatedInstances" => Series?.InstanceCount,
            "SOPClassUID" => i?.SopClassUid,
            "SOPInstanceUID" => i?.SopInstanceUid,
            "AvailableTransferSyntaxUID" => i?.TransferSyntaxUid,
            "InstanceNumber" => i?.InstanceNumber,
            "NumberOfFrames" => i?.NumberOfFrames,
            "Rows" => i?.Rows,
            "Columns" => i?.Columns,
            _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute.Keyword, "Not an attribute QIDO-RS returns."),
        };
    }

    private static string? Date(DateOnly? date) => date is { } d ? DicomDate.Format(d) : null;

    private static string? Time(TimeOnly? time) => time is not { } t ? null
        : t.Ticks % TimeSpan.TicksPerSecond == 0 ? t.ToString("HHmmss", CultureInfo.InvariantCulture)
        : t.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);
}
