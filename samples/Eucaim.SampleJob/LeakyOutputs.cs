using System.Globalization;
using System.Text;
using Eucaim.Dicom;

namespace Eucaim.SampleJob;

/// <summary>
/// The <c>leaky</c> mode: outputs an airlock must stop, to try its screening on real data. A copy of
/// the first DICOM file renamed <c>instance-copy.txt</c>, a <c>patients.csv</c> of the datasets'
/// patient IDs and study UIDs, and a <c>counts.csv</c> of instances per modality (small counts on a
/// small dataset).
/// </summary>
public static class LeakyOutputs
{
    public static IReadOnlyList<string> Write(string datasets, string output)
    {
        var patients = new SortedSet<string>(StringComparer.Ordinal);
        var modalities = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string? first = null;
        foreach (var path in Directory.EnumerateFiles(datasets, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            DicomReadResult result;
            try
            {
                result = DicomReader.ReadFile(path, headerOnly: true);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                continue;
            }

            if (!result.IsDicom)
            {
                continue;
            }

            first ??= path;
            var dataset = result.Dataset;
            patients.Add($"{dataset.GetString(DicomTags.PatientId)?.Trim()},{dataset.GetString(DicomTags.StudyInstanceUid)?.Trim()}");
            var modality = dataset.GetString(DicomTags.Modality)?.Trim() is { Length: > 0 } m ? m : "unknown";
            modalities[modality] = modalities.GetValueOrDefault(modality) + 1;
        }

        var written = new List<string>();
        if (first is not null)
        {
            File.Copy(first, Path.Combine(output, "instance-copy.txt"), overwrite: true);
            written.Add("instance-copy.txt");
        }

        File.WriteAllText(Path.Combine(output, "patients.csv"), "patient_id,study_instance_uid\n" + string.Concat(patients.Select(p => p + "\n")), Encoding.UTF8);
        File.WriteAllText(Path.Combine(output, "counts.csv"), "modality,count\n" + string.Concat(modalities.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key},{m.Value}\n"))), Encoding.UTF8);
        written.Add("patients.csv");
        written.Add("counts.csv");
        return written;
    }
}
