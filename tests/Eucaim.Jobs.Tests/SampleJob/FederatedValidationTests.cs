using System.Text.Json;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Federation;
using Eucaim.SampleJob;

namespace Eucaim.Jobs.Tests.SampleJob;

/// <summary>
/// The federated validation sample over real DICOM files: a synthetic cohort's instances written as a node stages
/// them, its metrics checked against the cohort's truth, and only what the run declared written out.
/// </summary>
public sealed class FederatedValidationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("eucaim-validation-").FullName;

    private string Data => Path.Combine(_root, "data");

    private string Output => Path.Combine(_root, "output");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void It_computes_the_declared_metrics_of_the_age_rule_against_patients_sex_and_writes_nothing_else()
    {
        var seed = SeedCatalogue.Read().First(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal)
            && SyntheticCohort.Of(d).Select(s => s.Sex).Distinct().Count() == 2);
        var cohort = Stage(seed);
        using var log = new StringWriter();

        var code = FederatedValidation.Run(["--age-threshold", "55"], Data, Output, "accuracy,auc,sensitivity", "subjects,female", log);

        Assert.True(code == 0, log.ToString());
        Assert.Equal(["metrics.json"], Directory.GetFiles(Output).Select(Path.GetFileName));
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "metrics.json")));
        Assert.Equal(["counts", "metrics"], written.RootElement.EnumerateObject().Select(p => p.Name).Order());
        var metrics = written.RootElement.GetProperty("metrics");
        Assert.Equal(["accuracy", "auc", "sensitivity"], metrics.EnumerateObject().Select(p => p.Name));
        var female = cohort.Where(s => s.Sex == "F").ToList();
        var male = cohort.Where(s => s.Sex == "M").ToList();
        var correct = cohort.Count(s => (s.AgeAtStudy < 55) == (s.Sex == "F"));
        Assert.Equal((double)correct / cohort.Count, metrics.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal((double)female.Count(s => s.AgeAtStudy < 55) / female.Count, metrics.GetProperty("sensitivity").GetDouble(), 12);
        var auc = female.Sum(f => male.Sum(m => f.AgeAtStudy < m.AgeAtStudy ? 1.0 : f.AgeAtStudy == m.AgeAtStudy ? 0.5 : 0)) / (female.Count * (double)male.Count);
        Assert.Equal(auc, metrics.GetProperty("auc").GetDouble(), 12);
        Assert.Equal(cohort.Count, written.RootElement.GetProperty("counts").GetProperty("subjects").GetInt32());
        Assert.Equal(female.Count, written.RootElement.GetProperty("counts").GetProperty("female").GetInt32());
    }

    [Fact]
    public void A_metric_it_cannot_compute_or_one_undefined_on_the_cohort_writes_no_result()
    {
        var oneSex = SeedCatalogue.Read().First(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal)
            && SyntheticCohort.Of(d).Select(s => s.Sex).Distinct().Count() == 1);
        Stage(oneSex);
        using var log = new StringWriter();
        Assert.Equal(2, FederatedValidation.Run([], Data, Output, "dice", "", log));
        Assert.Equal(2, FederatedValidation.Run([], Data, Output, "auc", "patients", log));
        Assert.Equal(2, FederatedValidation.Run(["--epochs", "3"], Data, Output, "auc", "", log));
        Assert.Equal(3, FederatedValidation.Run([], Data, Output, "auc", "", log));
        Assert.False(File.Exists(Path.Combine(Output, "metrics.json")));
    }

    private IReadOnlyList<SyntheticSubject> Stage(SeedDataset seed) => StagedCohort.Write(seed, Data);
}
