using System.Globalization;
using System.Text.Json;
using Eucaim.Dicom;

namespace Eucaim.SampleJob;

/// <summary>
/// The federated validation sample (<c>validate</c>; image <c>eucaim/federated-validation:1.0</c>): a fixed "model"
/// validated against reference labels read from the node's own series. Per subject (Patient ID) it reads Patient's Sex
/// (the reference label; F is the positive class), the birth date and the study date; the model predicts F when the
/// age at the study is below the threshold (60 years unless <c>--age-threshold N</c>), and scores younger subjects
/// higher for the AUC. It writes <c>metrics.json</c> with the metrics and counts the run declared
/// (<c>EUCAIM_RESULT_METRICS</c>, <c>EUCAIM_RESULT_COUNTS</c>), and nothing else: the node sends only that.
/// </summary>
public static class FederatedValidation
{
    public const int DefaultAgeThreshold = 60;

    /// <summary>What this sample can compute.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["accuracy", "auc", "f1", "sensitivity", "specificity"];

    public static readonly IReadOnlyList<string> Counts = ["subjects", "female", "male", "predicted-female", "skipped"];

    public static int Run(string[] args, string datasets, string output, string? metricsVariable, string? countsVariable, TextWriter log)
    {
        var threshold = DefaultAgeThreshold;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--age-threshold" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and < 150)
            {
                threshold = parsed;
                i++;
            }
            else
            {
                log.WriteLine($"validate: unknown argument '{args[i]}' (takes --age-threshold N, 1 to 149)");
                return 2;
            }
        }

        var metrics = Names(metricsVariable);
        var counts = Names(countsVariable);
        if (metrics.Count == 0)
        {
            log.WriteLine("validate: EUCAIM_RESULT_METRICS names no metric");
            return 2;
        }

        if (metrics.FirstOrDefault(m => !Metrics.Contains(m)) is { } unknownMetric)
        {
            log.WriteLine($"validate: this sample cannot compute '{unknownMetric}'; it computes {string.Join(", ", Metrics)}");
            return 2;
        }

        if (counts.FirstOrDefault(c => !Counts.Contains(c)) is { } unknownCount)
        {
            log.WriteLine($"validate: this sample cannot count '{unknownCount}'; it counts {string.Join(", ", Counts)}");
            return 2;
        }

        var (subjects, skipped) = ReadSubjects(datasets, log);
        var evaluation = Evaluate(subjects, threshold);
        log.WriteLine($"validate: {subjects.Count} subjects ({skipped} skipped), age threshold {threshold}");
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in metrics)
        {
            var value = evaluation.Metric(name);
            if (value is null)
            {
                log.WriteLine($"validate: {name} is undefined on these subjects (a class is empty); no result");
                return 3;
            }

            values[name] = value.Value;
        }

        var countValues = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in counts)
        {
            countValues[name] = name switch
            {
                "subjects" => subjects.Count,
                "female" => evaluation.Positives,
                "male" => evaluation.Negatives,
                "predicted-female" => evaluation.TruePositives + evaluation.FalsePositives,
                _ => skipped,
            };
        }

        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "metrics.json"), JsonSerializer.Serialize(new { metrics = values, counts = countValues }));
        log.WriteLine($"validate: wrote metrics.json ({string.Join(", ", values.Keys.Concat(countValues.Keys))})");
        return 0;
    }

    /// <summary>Each subject with a reference label (F or M) and an age at its first study; others are skipped.</summary>
    public static (List<Subject> Subjects, int Skipped) ReadSubjects(string root, TextWriter log)
    {
        var seen = new SortedDictionary<string, Subject?>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            DicomReadResult result;
            try
            {
                result = DicomReader.ReadFile(path, headerOnly: true);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                log.WriteLine($"validate: skipped a file: {ex.Message}");
                continue;
            }

            if (!result.IsDicom || result.Dataset.GetString(DicomTags.PatientId)?.Trim() is not { Length: > 0 } patient || seen.ContainsKey(patient))
            {
                continue;
            }

            seen[patient] = SubjectOf(patient, result.Dataset);
        }

        var subjects = seen.Values.OfType<Subject>().ToList();
        return (subjects, seen.Count - subjects.Count);
    }

    /// <summary>The subject a file's header describes: its sex as the label and its age at the study; null when either is missing.</summary>
    public static Subject? SubjectOf(string patientId, DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sex = dataset.GetString(DicomTags.PatientSex)?.Trim();
        var birth = Date(dataset.GetString(DicomTags.PatientBirthDate));
        var study = Date(dataset.GetString(DicomTags.StudyDate));
        return sex is "F" or "M" && birth is { } b && study is { } s ? new Subject(patientId, sex == "F", WholeYears(b, s)) : null;
    }

    public static Evaluation Evaluate(IReadOnlyList<Subject> subjects, int ageThreshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var s in subjects)
        {
            var predicted = s.Age < ageThreshold;
            (tp, fp, tn, fn) = (predicted, s.Female) switch
            {
                (true, true) => (tp + 1, fp, tn, fn),
                (true, false) => (tp, fp + 1, tn, fn),
                (false, false) => (tp, fp, tn + 1, fn),
                _ => (tp, fp, tn, fn + 1),
            };
        }

        // The score for the AUC: younger scores higher.
        var auc = Auc.MannWhitney(
            subjects.Where(s => s.Female).Select(s => (double)-s.Age).ToList(),
            subjects.Where(s => !s.Female).Select(s => (double)-s.Age).ToList());
        return new Evaluation(tp, fp, tn, fn, auc);
    }

    public static int WholeYears(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year;
        return (on.Month, on.Day).CompareTo((birth.Month, birth.Day)) < 0 ? years - 1 : years;
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static List<string> Names(string? variable) =>
        (variable ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    public sealed record Subject(string PatientId, bool Female, int Age);

    public sealed record Evaluation(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives, double? Auc)
    {
        public int Positives => TruePositives + FalseNegatives;

        public int Negatives => TrueNegatives + FalsePositives;

        public int Total => Positives + Negatives;

        public double? Metric(string name) => name switch
        {
            "accuracy" => Total == 0 ? null : (double)(TruePositives + TrueNegatives) / Total,
            "sensitivity" => Positives == 0 ? null : (double)TruePositives / Positives,
            "specificity" => Negatives == 0 ? null : (double)TrueNegatives / Negatives,
            "f1" => 2 * TruePositives + FalsePositives + FalseNegatives == 0 ? null : 2.0 * TruePositives / (2 * TruePositives + FalsePositives + FalseNegatives),
            "auc" => Auc,
            _ => null,
        };
    }
}
