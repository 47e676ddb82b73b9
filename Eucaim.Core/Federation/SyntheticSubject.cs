namespace Eucaim.Core.Federation;

/// <summary>One subject of a <see cref="SyntheticCohort"/>: one study, one series per modality of the seed.</summary>
/// <param name="PatchBrightness">The mean of the central patch of each of the subject's images (0–255): the sex signal.</param>
public sealed record SyntheticSubject(
    string PatientId, string Sex, DateOnly BirthDate, DateOnly StudyDate, string StudyInstanceUid, IReadOnlyList<SyntheticSeries> Series,
    int PatchBrightness)
{
    /// <summary>Whole years at the study date, as PostgreSQL's <c>age()</c> counts them.</summary>
    public int AgeAtStudy => SyntheticCohort.WholeYears(BirthDate, StudyDate);
}

/// <param name="BodyPart">Body Part Examined (CS, upper-case); null when the seed names none.</param>
public sealed record SyntheticSeries(string SeriesInstanceUid, int SeriesNumber, string Modality, string? BodyPart, string Manufacturer, IReadOnlyList<string> SopInstanceUids);
