using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Federation;

namespace Eucaim.Jobs.Tests.SampleJob;

/// <summary>A seed's synthetic cohort written as real DICOM files, as a node stages a dataset for a job.</summary>
internal static class StagedCohort
{
    /// <summary>Writes every instance of the seed's cohort below <c>&lt;data&gt;/&lt;dataset&gt;/</c> and returns the cohort.</summary>
    public static IReadOnlyList<SyntheticSubject> Write(SeedDataset seed, string data)
    {
        var cohort = SyntheticCohort.Of(seed);
        var folder = Path.Combine(data, SeedCatalogue.IdOf(seed.DatasetKey).ToString("N"));
        foreach (var subject in cohort)
        {
            foreach (var series in subject.Series)
            {
                var target = Directory.CreateDirectory(Path.Combine(folder, subject.StudyInstanceUid, series.SeriesInstanceUid)).FullName;
                for (var i = 0; i < series.SopInstanceUids.Count; i++)
                {
                    File.WriteAllBytes(Path.Combine(target, $"{i}.dcm"), SyntheticCohort.Instance(subject, series, i));
                }
            }
        }

        return cohort;
    }
}
