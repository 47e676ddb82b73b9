using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Dicom;

namespace Eucaim.Core.Federation;

/// <summary>
/// The made-up images a dev node holds for one seed dataset, so that federated counts have something to
/// count: a cohort sized from the seed's subject count (a twentieth, 4 to 40, so that some datasets are
/// small enough to be suppressed), sexes and ages as the seed's prose describes them, one study per subject
/// with one series per modality of the seed, and tiny real DICOM images. Everything is drawn from hashes of
/// the dataset key, so every node and every restart produce the same cohort, UIDs included.
/// </summary>
/// <remarks>
/// The images carry one learnable signal, so that a federated training has something to learn: a central
/// <see cref="PatchSize"/>×<see cref="PatchSize"/> patch whose mean brightness is drawn per subject from a normal
/// distribution whose mean depends on the sex (<see cref="FemalePatchMean"/>, <see cref="MalePatchMean"/>, spread
/// <see cref="PatchSpread"/>). The two overlap on purpose: the best threshold on the patch is right for about 79% of
/// subjects (Φ(0.8)), so a model learns something real without a cohort ever being perfectly separable.
/// </remarks>
public static partial class SyntheticCohort
{
    public const int InstancesPerSeries = 2;
    public const int ImageSize = 16;
    public const int DefaultAgeMin = 30;
    public const int DefaultAgeMax = 85;

    /// <summary>The side of the central patch whose brightness carries the sex signal.</summary>
    public const int PatchSize = 8;

    public const double FemalePatchMean = 96;
    public const double MalePatchMean = 128;

    /// <summary>The standard deviation of the patch brightness within a sex: half the gap between the means is 0.8 of it.</summary>
    public const double PatchSpread = 20;

    /// <summary>The patch is a checkerboard of ± this around its level (a texture whose mean is exactly the level).</summary>
    private const int PatchTexture = 4;

    /// <summary>Secondary Capture Image Storage: any modality may carry it, and it asks for nothing a synthetic image lacks.</summary>
    public const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>The vendors a series gets when the seed names none usable.</summary>
    public static readonly IReadOnlyList<string> FallbackVendors = ["SIEMENS", "GE MEDICAL SYSTEMS", "Philips"];

    private static readonly byte[] UidKey = Encoding.ASCII.GetBytes("eucaim-federation-synthetic-cohort-uids");
    private static readonly DateOnly FirstStudyDate = new(2015, 1, 1);
    private const int StudyDateSpanDays = 3650;

    public static int SizeOf(SeedDataset seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return Math.Clamp((seed.SubjectsNumeric ?? 0) / 20, 4, 40);
    }

    public static IReadOnlyList<SyntheticSubject> Of(SeedDataset seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var key = seed.DatasetKey;
        var femaleShare = FemaleShare(seed.Sex);
        var (ageMin, ageMax) = AgeRange(seed.AgeRange);
        var modalities = (seed.Modalities ?? []).Select(m => DicomModalities.Canonical(m) ?? m.Trim().ToUpperInvariant()).Where(m => m.Length > 0)
            .Distinct(StringComparer.Ordinal).ToList();
        if (modalities.Count == 0)
        {
            modalities.Add("OT");
        }

        var bodyPart = BodyPart(seed.BodyParts?.FirstOrDefault());
        var vendors = Vendors(seed.Vendor);
        var subjects = new List<SyntheticSubject>();
        for (var s = 0; s < SizeOf(seed); s++)
        {
            var sex = Draw(key, $"sex:{s}") < femaleShare ? "F" : "M";
            var patch = PatchBrightness(key, s, sex);
            var studyDate = FirstStudyDate.AddDays((int)(Draw(key, $"study-date:{s}") * StudyDateSpanDays));
            var age = ageMin + (int)(Draw(key, $"age:{s}") * (ageMax - ageMin + 1));
            // Up to 360 days before the birthday of that age: the whole years at the study date stay the drawn age.
            var birthDate = studyDate.AddYears(-age).AddDays(-(int)(Draw(key, $"birth-day:{s}") * 361));
            var series = modalities.Select((modality, m) => new SyntheticSeries(
                Uid(key, $"series:{s}:{m}"),
                m + 1,
                modality,
                bodyPart,
                vendors[(int)(Draw(key, $"vendor:{s}:{m}") * vendors.Count)],
                Enumerable.Range(0, InstancesPerSeries).Select(i => Uid(key, $"instance:{s}:{m}:{i}")).ToList())).ToList();
            subjects.Add(new SyntheticSubject(
                $"SYN-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8]}-{s + 1:D3}",
                sex, birthDate, studyDate, Uid(key, $"study:{s}"), series, patch));
        }

        return subjects;
    }

    /// <summary>
    /// The share of women the seed's prose says: "Female (55%), Male (45%)", "60% (female) / 40% (male)",
    /// "Male (61) and Female (62)", "female/male ratio of 8/19", "Female", "Males"; half when it names both
    /// without figures, or neither.
    /// </summary>
    public static double FemaleShare(string? text)
    {
        var t = (text ?? "").ToLowerInvariant();
        if (RatioPattern().Match(t) is { Success: true } ratio)
        {
            var f = Number(ratio.Groups["f"].Value);
            var m = Number(ratio.Groups["m"].Value);
            return f + m > 0 ? f / (f + m) : 0.5;
        }

        var female = FigureOf(t, "female");
        var male = FigureOf(t, "male");
        if (female is { } fv && male is { } mv)
        {
            return fv + mv > 0 ? fv / (fv + mv) : 0.5;
        }

        if (female is { } onlyF && t.Contains('%', StringComparison.Ordinal))
        {
            return Math.Clamp(onlyF / 100, 0, 1);
        }

        if (male is { } onlyM && t.Contains('%', StringComparison.Ordinal))
        {
            return Math.Clamp(1 - onlyM / 100, 0, 1);
        }

        var namesFemale = t.Contains("female", StringComparison.Ordinal);
        var namesMale = MaleWord().IsMatch(t);
        return namesFemale == namesMale ? 0.5 : namesFemale ? 1 : 0;
    }

    /// <summary>The ages the seed's "ageRange" gives ("40 / 90 years", "18-90", "> 40 years", "over 18"); 30–85 otherwise.</summary>
    public static (int Min, int Max) AgeRange(string? text)
    {
        var t = (text ?? "").ToLowerInvariant();
        if (BoundsPattern().Match(t) is { Success: true } bounds)
        {
            var min = (int)Number(bounds.Groups["min"].Value);
            var max = (int)Number(bounds.Groups["max"].Value);
            if (min <= max && max <= 120)
            {
                return (min, max);
            }
        }

        if (FromPattern().Match(t) is { Success: true } from && (int)Number(from.Groups["min"].Value) is var lower and <= 100)
        {
            return (lower, Math.Max(DefaultAgeMax, lower + 10));
        }

        return (DefaultAgeMin, DefaultAgeMax);
    }

    /// <summary>Whole years from <paramref name="birth"/> to <paramref name="on"/>.</summary>
    public static int WholeYears(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year;
        return (on.Month, on.Day).CompareTo((birth.Month, birth.Day)) < 0 ? years - 1 : years;
    }

    /// <summary>
    /// Instance <paramref name="index"/> of a series: a 16×16 MONOCHROME2 secondary capture, explicit VR little
    /// endian, with no names (patient, physicians, institution): only the pseudonymous patient id, sex, birth date.
    /// </summary>
    public static byte[] Instance(SyntheticSubject subject, SyntheticSeries series, int index)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(series);
        var studyDate = subject.StudyDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var d = new DicomDataset();
        d.SetStrings(DicomTags.ImageType, DicomVR.CS, ["DERIVED", "SECONDARY"]);
        d.SetString(DicomTags.SopClassUid, DicomVR.UI, SecondaryCaptureImageStorage);
        d.SetString(DicomTags.SopInstanceUid, DicomVR.UI, series.SopInstanceUids[index]);
        d.SetString(DicomTags.StudyDate, DicomVR.DA, studyDate);
        d.SetString(DicomTags.SeriesDate, DicomVR.DA, studyDate);
        d.SetString(DicomTags.StudyTime, DicomVR.TM, "100000");
        d.SetString(DicomTags.AccessionNumber, DicomVR.SH, "");
        d.SetString(DicomTags.Modality, DicomVR.CS, series.Modality);
        d.SetString(DicomTags.Manufacturer, DicomVR.LO, series.Manufacturer);
        d.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "");
        d.SetString(DicomTags.StudyDescription, DicomVR.LO, "SYNTHETIC");
        d.SetString(DicomTags.SeriesDescription, DicomVR.LO, $"SYNTHETIC {series.Modality}");
        d.SetString(DicomTags.PatientName, DicomVR.PN, "");
        d.SetString(DicomTags.PatientId, DicomVR.LO, subject.PatientId);
        d.SetString(DicomTags.PatientBirthDate, DicomVR.DA, subject.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        d.SetString(DicomTags.PatientSex, DicomVR.CS, subject.Sex);
        if (series.BodyPart is { } bodyPart)
        {
            d.SetString(DicomTags.BodyPartExamined, DicomVR.CS, bodyPart);
        }

        d.SetString(DicomTags.StudyInstanceUid, DicomVR.UI, subject.StudyInstanceUid);
        d.SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, series.SeriesInstanceUid);
        d.SetString(DicomTags.StudyId, DicomVR.SH, "1");
        d.SetString(DicomTags.SeriesNumber, DicomVR.IS, series.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        d.SetString(DicomTags.InstanceNumber, DicomVR.IS, (index + 1).ToString(CultureInfo.InvariantCulture));
        d.SetUInt16(DicomTags.SamplesPerPixel, 1);
        d.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        d.SetUInt16(DicomTags.Rows, ImageSize);
        d.SetUInt16(DicomTags.Columns, ImageSize);
        d.SetUInt16(DicomTags.BitsAllocated, 8);
        d.SetUInt16(DicomTags.BitsStored, 8);
        d.SetUInt16(DicomTags.HighBit, 7);
        d.SetUInt16(DicomTags.PixelRepresentation, 0);
        d.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "NO");
        var pixels = new byte[ImageSize * ImageSize];
        const int patchStart = (ImageSize - PatchSize) / 2;
        for (var i = 0; i < pixels.Length; i++)
        {
            var (row, column) = (i / ImageSize, i % ImageSize);
            var inPatch = row - patchStart is >= 0 and < PatchSize && column - patchStart is >= 0 and < PatchSize;
            pixels[i] = inPatch
                ? (byte)(subject.PatchBrightness + ((row + column) % 2 == 0 ? PatchTexture : -PatchTexture))
                : (byte)(column * 16 + index * 8);
        }

        using var output = new MemoryStream();
        DicomWriter.WriteFile(output, d, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomVR.OB, pixels);
        return output.ToArray();
    }

    /// <summary>
    /// A subject's patch level: normal around its sex's mean (Box–Muller over two draws), rounded and kept where the
    /// texture still fits in a byte, so the patch's mean in the image is exactly this level.
    /// </summary>
    private static int PatchBrightness(string datasetKey, int subject, string sex)
    {
        // 1 − draw lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2 * Math.Log(1 - Draw(datasetKey, $"patch-radius:{subject}")));
        var normal = radius * Math.Cos(2 * Math.PI * Draw(datasetKey, $"patch-angle:{subject}"));
        var mean = sex == "F" ? FemalePatchMean : MalePatchMean;
        return Math.Clamp((int)Math.Round(mean + PatchSpread * normal), PatchTexture, 255 - PatchTexture);
    }

    /// <summary>The first body part as a CS value: upper-case letters, digits, spaces and underscores, at most 16 characters.</summary>
    private static string? BodyPart(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cs = NotCs().Replace(text.ToUpperInvariant(), " ");
        cs = Spaces().Replace(cs, " ").Trim();
        cs = cs.Length > 16 ? cs[..16].TrimEnd() : cs;
        return cs.Length > 0 ? cs : null;
    }

    private static List<string> Vendors(string? text)
    {
        var named = (text ?? "").Split([',', ';', '/'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(v => v.Split(" and ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(v => !UnusableVendor().IsMatch(v))
            .Select(v => v.Length > 64 ? v[..64] : v)
            .ToList();
        return named.Count > 0 ? named : [.. FallbackVendors];
    }

    private static double? FigureOf(string text, string sex)
    {
        // "female (55%)" / "female (62)" or "55% (female)"; "male" never inside "female".
        var word = sex == "male" ? "(?<!fe)males?" : "females?";
        var after = Regex.Match(text, word + @"\s*\(\s*(?<n>\d+(?:\.\d+)?)\s*%?\s*\)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (after.Success)
        {
            return Number(after.Groups["n"].Value);
        }

        var before = Regex.Match(text, @"(?<n>\d+(?:\.\d+)?)\s*%\s*\(?\s*" + word, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return before.Success ? Number(before.Groups["n"].Value) : null;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A uniform draw in [0, 1) for one named choice of one dataset.</summary>
    private static double Draw(string datasetKey, string choice)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{datasetKey}|{choice}"));
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
    }

    private static string Uid(string datasetKey, string what) => DicomUid.FromKeyedHash(UidKey, $"{datasetKey}|{what}");

    // The ratio names its sexes in either order; the groups are named so that "f" is always the women's figure.
    [GeneratedRegex(@"female\s*/\s*male\s+ratio\s+of\s+(?<f>\d+)\s*/\s*(?<m>\d+)|male\s*/\s*female\s+ratio\s+of\s+(?<m>\d+)\s*/\s*(?<f>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex RatioPattern();

    [GeneratedRegex(@"(?<!fe)\bmales?\b", RegexOptions.CultureInvariant)]
    private static partial Regex MaleWord();

    [GeneratedRegex(@"(?<min>\d{1,3})\s*(?:/|-|–|to)\s*(?<max>\d{1,3})", RegexOptions.CultureInvariant)]
    private static partial Regex BoundsPattern();

    [GeneratedRegex(@"(?:>|≥|over|above|from)\s*(?<min>\d{1,3})", RegexOptions.CultureInvariant)]
    private static partial Regex FromPattern();

    [GeneratedRegex(@"[^A-Z0-9 _]", RegexOptions.CultureInvariant)]
    private static partial Regex NotCs();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(unspecified|unknown|multiple vendors|various|n/?a)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnusableVendor();
}
