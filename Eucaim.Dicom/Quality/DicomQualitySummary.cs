using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>
/// Quality report of a set of files, in the spirit of the DIQCT tool: counts per modality, series completeness
/// (instance numbers without gaps), slice-spacing consistency and image sizes.
/// </summary>
public sealed record DicomQualitySummary
{
    /// <summary>Relative deviation from the median spacing still taken as consistent (plus 1 micrometre for rounding).</summary>
    public const double SpacingTolerance = 0.01;

    public int FileCount { get; init; }

    public IReadOnlyDictionary<string, int> ModalityCounts { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<DicomSeriesQuality> Series { get; init; } = [];

    public IReadOnlyList<DicomFinding> Findings { get; init; } = [];

    public static DicomQualitySummary Create(IEnumerable<DicomIndexRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        var findings = new List<DicomFinding>();
        var series = new List<DicomSeriesQuality>();
        foreach (var group in list.GroupBy(r => r.SeriesInstanceUid ?? string.Empty, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var quality = Summarize(group.Key, group.ToList());
            series.Add(quality);
            AddFindings(quality, findings);
        }

        return new DicomQualitySummary
        {
            FileCount = list.Count,
            ModalityCounts = list.GroupBy(r => r.Modality ?? "(none)", StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Series = series,
            Findings = findings,
        };
    }

    private static DicomSeriesQuality Summarize(string seriesUid, List<DicomIndexRecord> instances)
    {
        var numbers = instances.Where(r => r.InstanceNumber is not null).Select(r => r.InstanceNumber!.Value).ToList();
        var distinct = numbers.Distinct().Order().ToList();
        var duplicates = numbers.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        var missing = new List<int>();
        if (distinct.Count > 0)
        {
            var present = distinct.ToHashSet();

            // A hostile instance number must not make the report enumerate billions of gaps.
            var span = (long)distinct[^1] - distinct[0];
            if (span <= 1_000_000)
            {
                for (var n = distinct[0]; n < distinct[^1]; n++)
                {
                    if (!present.Contains(n))
                    {
                        missing.Add(n);
                    }
                }
            }
        }

        return new DicomSeriesQuality
        {
            SeriesInstanceUid = seriesUid,
            StudyInstanceUid = instances.Select(r => r.StudyInstanceUid).FirstOrDefault(u => u is not null),
            Modality = instances.Select(r => r.Modality).FirstOrDefault(m => m is not null),
            InstanceCount = instances.Count,
            FirstInstanceNumber = distinct.Count > 0 ? distinct[0] : null,
            LastInstanceNumber = distinct.Count > 0 ? distinct[^1] : null,
            MissingInstanceNumbers = missing,
            DuplicateInstanceNumbers = duplicates,
            SliceSpacing = Spacing(instances),
            ImageSizes = instances.Where(r => r.Rows is not null && r.Columns is not null)
                .GroupBy(r => string.Create(CultureInfo.InvariantCulture, $"{r.Rows}x{r.Columns}"), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
    }

    private static DicomSliceSpacing? Spacing(List<DicomIndexRecord> instances)
    {
        var oriented = instances
            .Where(r => r.ImagePositionPatient is { Count: 3 } && r.ImageOrientationPatient is { Count: 6 } && (r.NumberOfFrames ?? 1) <= 1)
            .ToList();
        if (oriented.Count < 3)
        {
            return null;
        }

        var o = oriented[0].ImageOrientationPatient!;
        var normal = (X: o[1] * o[5] - o[2] * o[4], Y: o[2] * o[3] - o[0] * o[5], Z: o[0] * o[4] - o[1] * o[3]);
        var positions = oriented
            .Select(r => r.ImagePositionPatient!)
            .Select(p => p[0] * normal.X + p[1] * normal.Y + p[2] * normal.Z)
            .Order()
            .ToList();
        var gaps = new List<double>(positions.Count - 1);
        for (var i = 1; i < positions.Count; i++)
        {
            gaps.Add(positions[i] - positions[i - 1]);
        }

        var sorted = gaps.Order().ToList();
        var median = sorted[sorted.Count / 2];
        var tolerance = Math.Abs(median) * SpacingTolerance + 0.001;
        var consistent = median > 0.001 && gaps.All(g => Math.Abs(g - median) <= tolerance);
        return new DicomSliceSpacing(sorted[0], sorted[^1], median, consistent);
    }

    private static void AddFindings(DicomSeriesQuality quality, List<DicomFinding> findings)
    {
        var series = string.IsNullOrEmpty(quality.SeriesInstanceUid) ? "(no Series Instance UID)" : quality.SeriesInstanceUid;
        if (quality.MissingInstanceNumbers.Count > 0)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.SeriesIncomplete, DicomFindingSeverity.Warning, DicomTags.InstanceNumber,
                string.Create(CultureInfo.InvariantCulture, $"Series {series}: {quality.MissingInstanceNumbers.Count} instance number(s) missing between {quality.FirstInstanceNumber} and {quality.LastInstanceNumber}.")));
        }

        if (quality.DuplicateInstanceNumbers.Count > 0)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.DuplicateInstanceNumber, DicomFindingSeverity.Warning, DicomTags.InstanceNumber,
                string.Create(CultureInfo.InvariantCulture, $"Series {series}: {quality.DuplicateInstanceNumbers.Count} instance number(s) used more than once.")));
        }

        if (quality.SliceSpacing is { IsConsistent: false } spacing)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.InconsistentSliceSpacing, DicomFindingSeverity.Warning, DicomTags.ImagePositionPatient,
                string.Create(CultureInfo.InvariantCulture, $"Series {series}: slice spacing ranges from {spacing.Minimum:0.###} to {spacing.Maximum:0.###} mm (median {spacing.Median:0.###}).")));
        }

        if (quality.ImageSizes.Count > 1)
        {
            findings.Add(new DicomFinding(DicomFindingCodes.MixedImageSizes, DicomFindingSeverity.Warning, DicomTags.Rows,
                $"Series {series}: {quality.ImageSizes.Count} different image sizes ({string.Join(", ", quality.ImageSizes.Keys)})."));
        }
    }
}
