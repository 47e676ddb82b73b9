using Eucaim.Dicom;

namespace Eucaim.SampleJob;

/// <summary>
/// The subjects the training sample learns from, grouped by Patient ID as the validation sample groups them: the
/// label and age from the subject's first file (<see cref="FederatedValidation.SubjectOf"/>), the patch mean averaged
/// over all of the subject's images. A subject without a readable sex, age or image is skipped.
/// </summary>
public static class TrainingCohort
{
    public sealed record Subject(string PatientId, bool Female, int Age, double PatchMean);

    public static (List<Subject> Subjects, int Skipped) Read(string root, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var labels = new SortedDictionary<string, FederatedValidation.Subject?>(StringComparer.Ordinal);
        var patches = new Dictionary<string, (double Sum, int Images)>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            try
            {
                // The reader does not own the stream it is given.
                using var stream = DicomReader.OpenFile(path);
                using var reader = new DicomReader(stream);
                var header = reader.ReadHeader();
                if (!header.IsDicom || header.Dataset.GetString(DicomTags.PatientId)?.Trim() is not { Length: > 0 } patient)
                {
                    continue;
                }

                labels.TryAdd(patient, FederatedValidation.SubjectOf(patient, header.Dataset));
                if (CentralPatch.Mean(reader, header) is { } mean)
                {
                    var (sum, images) = patches.GetValueOrDefault(patient);
                    patches[patient] = (sum + mean, images + 1);
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                log.WriteLine($"train: skipped a file: {ex.Message}");
            }
        }

        var subjects = labels.Values.OfType<FederatedValidation.Subject>()
            .Where(s => patches.ContainsKey(s.PatientId))
            .Select(s => new Subject(s.PatientId, s.Female, s.Age, patches[s.PatientId].Sum / patches[s.PatientId].Images))
            .ToList();
        return (subjects, labels.Count - subjects.Count);
    }
}
