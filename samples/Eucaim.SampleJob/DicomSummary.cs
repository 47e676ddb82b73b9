using System.Globalization;
using System.Text;
using Eucaim.Dicom;

namespace Eucaim.SampleJob;

/// <summary>Instances per modality and per series, with the image sizes met, over every DICOM file below a folder.</summary>
public sealed record DicomSummary(int Instances, int Unreadable, SortedDictionary<string, int> Modalities, List<SeriesSummary> Series)
{
    public static DicomSummary Build(string root, Action<string> log)
    {
        var modalities = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var series = new SortedDictionary<string, SeriesSummary>(StringComparer.Ordinal);
        var instances = 0;
        var unreadable = 0;
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            DicomReadResult result;
            try
            {
                result = DicomReader.ReadFile(path, headerOnly: true);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                log($"skipped {Path.GetRelativePath(root, path)}: {ex.Message}");
                unreadable++;
                continue;
            }

            if (!result.IsDicom)
            {
                unreadable++;
                continue;
            }

            var dataset = result.Dataset;
            var modality = dataset.GetString(DicomTags.Modality)?.Trim() is { Length: > 0 } m ? m : "unknown";
            var seriesUid = dataset.GetString(DicomTags.SeriesInstanceUid)?.Trim() is { Length: > 0 } s ? s : "unknown";
            var size = $"{Number(dataset, DicomTags.Rows)}x{Number(dataset, DicomTags.Columns)}";
            instances++;
            modalities[modality] = modalities.GetValueOrDefault(modality) + 1;
            if (!series.TryGetValue(seriesUid, out var entry))
            {
                series[seriesUid] = entry = new SeriesSummary(seriesUid, modality, 0, new SortedDictionary<string, int>(StringComparer.Ordinal));
            }

            series[seriesUid] = entry with { Instances = entry.Instances + 1 };
            entry.ImageSizes[size] = entry.ImageSizes.GetValueOrDefault(size) + 1;
            if (instances % 100 == 0)
            {
                log($"read {instances} instances");
            }
        }

        return new DicomSummary(instances, unreadable, modalities, [.. series.Values]);
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"instances: {Instances} (unreadable files: {Unreadable})");
        foreach (var (modality, count) in Modalities)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"modality {modality}: {count}");
        }

        foreach (var s in Series)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"series {s.SeriesInstanceUid} ({s.Modality}): {s.Instances} instances, sizes {string.Join(", ", s.ImageSizes.Select(kv => $"{kv.Key} x{kv.Value}"))}");
        }

        return text.ToString();
    }

    private static string Number(DicomDataset dataset, DicomTag tag) =>
        dataset.GetElement(tag) is { } element && element.TryGetBinaryInteger(0, out var value) ? value.ToString(CultureInfo.InvariantCulture) : "?";
}

public sealed record SeriesSummary(string SeriesInstanceUid, string Modality, int Instances, SortedDictionary<string, int> ImageSizes);
