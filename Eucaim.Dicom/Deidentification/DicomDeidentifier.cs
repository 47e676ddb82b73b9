using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Eucaim.Dicom;

/// <summary>
/// Applies the PS3.15 Annex E Basic Application Level Confidentiality Profile, with the Retain UIDs, Retain
/// Longitudinal Temporal Information with Modified Dates and Retain Safe Private options, and writes valid
/// Part 10 output. Burned-in annotation cannot be removed from headers and is reported as a finding.
/// </summary>
public sealed partial class DicomDeidentifier
{
    private const string DeidentificationMethodText = "PS3.15 E.1 Basic Application Confidentiality Profile";

    private static readonly string[] BurnedInModalities = ["US", "SC", "XC", "ES"];
    private const string SecondaryCaptureClassPrefix = "1.2.840.10008.5.1.4.1.1.7";
    private const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

    private readonly DeidentificationOptions _options;

    public DicomDeidentifier(DeidentificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SiteSecret is not { Length: >= 16 })
        {
            throw new ArgumentException("The site secret must be at least 16 bytes.", nameof(options));
        }

        _options = options;
    }

    public DeidentificationResult DeidentifyFile(string inputPath, string outputPath)
    {
        using var input = DicomReader.OpenFile(inputPath);
        using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        var result = Deidentify(input, output);
        if (!result.Succeeded)
        {
            output.Close();
            File.Delete(outputPath);
        }

        return result;
    }

    /// <summary>Reads <paramref name="input"/>, de-identifies it and writes Part 10 to <paramref name="output"/>, streaming the pixel data.</summary>
    public DeidentificationResult Deidentify(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        using var reader = new DicomReader(input);
        var read = reader.ReadHeader();
        var findings = new List<DicomFinding>(read.Findings);
        var readFindings = read.Findings.Count;
        if (!read.IsDicom || !read.IsComplete)
        {
            findings.Add(Refusal("The input could not be read completely, so it cannot be de-identified safely."));
            return new DeidentificationResult { Succeeded = false, Findings = findings };
        }

        // A DICOMDIR's records point at byte offsets of its own encoding, which rewriting would invalidate.
        if (read.FileMetaInformation.GetString(DicomTags.MediaStorageSopClassUid) == MediaStorageDirectoryStorage)
        {
            findings.Add(Refusal("Media storage directories (DICOMDIR) are not de-identified; de-identify the instances they list."));
            return new DeidentificationResult { Succeeded = false, Findings = findings };
        }

        var dataset = read.Dataset;
        var context = new Context(this, dataset);
        Process(dataset, context, topLevel: true);
        findings.AddRange(context.Findings);
        var sopInstanceUid = dataset.GetString(DicomTags.SopInstanceUid);
        var transferSyntax = read.PixelData is { IsEncapsulated: true } ? read.TransferSyntax.Uid : DicomTransferSyntax.ExplicitVRLittleEndian.Uid;

        var writer = new DicomWriter(output);
        writer.WriteFileMetaInformation(dataset.GetString(DicomTags.SopClassUid) ?? string.Empty, sopInstanceUid ?? string.Empty, transferSyntax);
        writer.WriteElements(dataset, null, read.PixelData?.Tag);
        if (read.PixelData is { } pixel)
        {
            if (!writer.CopyPixelData(reader))
            {
                findings.AddRange(read.Findings.Skip(readFindings));
                findings.Add(Refusal("The pixel data ended early; the output is incomplete."));
                return new DeidentificationResult { Succeeded = false, Findings = findings };
            }

            // Elements after the pixel data (trailing padding, signatures) go through the same profile.
            var before = read.Dataset.Count;
            reader.ReadTrailingElements();
            findings.AddRange(read.Findings.Skip(readFindings));
            if (!read.IsComplete)
            {
                findings.Add(Refusal("The elements after the pixel data could not be read completely."));
                return new DeidentificationResult { Succeeded = false, Findings = findings };
            }

            var trailing = new DicomDataset();
            foreach (var element in read.Dataset.Where(e => e.Tag > pixel.Tag).ToList())
            {
                trailing.Set(element);
            }

            if (trailing.Count > 0 || read.Dataset.Count != before)
            {
                Process(trailing, context, topLevel: false);
                writer.WriteElements(trailing, null, null);
            }
        }

        output.Flush();
        return new DeidentificationResult
        {
            Succeeded = true,
            Findings = findings,
            RemovedAttributes = context.Removed,
            ReplacedAttributes = context.Replaced,
            SopInstanceUid = sopInstanceUid,
        };
    }

    /// <summary>De-identifies a dataset in place (the caller writes it, for instance with <see cref="DicomWriter.WriteFile"/>).</summary>
    public DeidentificationResult Deidentify(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var context = new Context(this, dataset);
        Process(dataset, context, topLevel: true);
        return new DeidentificationResult
        {
            Succeeded = true,
            Findings = context.Findings,
            RemovedAttributes = context.Removed,
            ReplacedAttributes = context.Replaced,
            SopInstanceUid = dataset.GetString(DicomTags.SopInstanceUid),
        };
    }

    /// <summary>The replacement for a UID: same site secret, same UID in, same UID out.</summary>
    public string ReplaceUid(string uid) => DicomUid.FromKeyedHash(_options.SiteSecret, "uid:" + uid);

    /// <summary>The pseudonymous Patient ID for an original Patient ID.</summary>
    public string PseudonymizePatientId(string patientId)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_options.SiteSecret, Encoding.UTF8.GetBytes("patient:" + patientId), hash);
        return _options.PatientIdPrefix + Convert.ToHexString(hash[..10]);
    }

    /// <summary>Days added to every date of this patient's instances (negative moves into the past).</summary>
    public int DateShiftFor(string? patientId)
    {
        if (_options.DateShiftDays is { } fixedShift)
        {
            return fixedShift;
        }

        if (_options.DateShiftRangeDays is not { } range || range < 1)
        {
            return 0;
        }

        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_options.SiteSecret, Encoding.UTF8.GetBytes("dateshift:" + (patientId ?? string.Empty)), hash);
        return -(int)(BinaryPrimitives.ReadUInt32LittleEndian(hash) % (uint)range) - 1;
    }

    /// <summary>The action applied to a standard attribute: override, then profile, then options.</summary>
    public DeidentificationAction ActionFor(DicomTag tag, DicomVR vr) => ActionFor(tag, vr, null);

    /// <summary>
    /// The action applied to a standard attribute of an instance of <paramref name="sopClassUid"/>, whose IOD decides
    /// the profile's choices (X, Z or D) by the attribute's type.
    /// </summary>
    public DeidentificationAction ActionFor(DicomTag tag, DicomVR vr, string? sopClassUid)
    {
        if (_options.Overrides.TryGetValue(tag, out var overridden))
        {
            return overridden;
        }

        var action = ConfidentialityProfile.ActionFor(tag, sopClassUid) ?? DeidentificationAction.Keep;
        if (_options.RetainUids && action == DeidentificationAction.ReplaceUid && vr != DicomVR.SQ)
        {
            return DeidentificationAction.Keep;
        }

        // Modified dates option: dates are shifted, times kept; the birth date stays removed because it alone identifies.
        if (_options.ShiftsDates && (vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM)
            && action is not (DeidentificationAction.Keep or DeidentificationAction.ReplaceUid)
            && tag != DicomTags.PatientBirthDate)
        {
            return DeidentificationAction.Clean;
        }

        return action;
    }

    internal static IReadOnlyList<DicomFinding> BurnedInFindings(DicomDataset dataset)
    {
        var burnedIn = dataset.GetString(DicomTags.BurnedInAnnotation)?.ToUpperInvariant();
        if (burnedIn == "YES")
        {
            return [new DicomFinding(DicomFindingCodes.BurnedInAnnotation, DicomFindingSeverity.Error, DicomTags.BurnedInAnnotation,
                "Burned In Annotation is YES: identifying text may be in the pixels, which header de-identification does not clean.")];
        }

        var modality = dataset.GetString(DicomTags.Modality)?.ToUpperInvariant();
        var sopClass = dataset.GetString(DicomTags.SopClassUid) ?? string.Empty;
        var risky = (modality is not null && BurnedInModalities.Contains(modality)) || sopClass.StartsWith(SecondaryCaptureClassPrefix, StringComparison.Ordinal);
        if (risky && burnedIn != "NO")
        {
            return [new DicomFinding(DicomFindingCodes.PossibleBurnedInAnnotation, DicomFindingSeverity.Warning, DicomTags.BurnedInAnnotation,
                "Ultrasound, secondary capture and photographic images often carry burned-in text, and Burned In Annotation does not say NO.")];
        }

        return [];
    }

    private static DicomFinding Refusal(string message) =>
        new(DicomFindingCodes.DeidentificationRefused, DicomFindingSeverity.Error, null, message);

    private sealed class Context
    {
        public Context(DicomDeidentifier owner, DicomDataset top)
        {
            Owner = owner;
            SopClassUid = top.GetString(DicomTags.SopClassUid);
            var patientId = top.GetString(DicomTags.PatientId);
            DateShift = owner.DateShiftFor(patientId);
            IdentifyingTokens = CollectTokens(top);
        }

        public DicomDeidentifier Owner { get; }

        /// <summary>The instance's SOP Class: its IOD decides the profile's choices, also inside sequences.</summary>
        public string? SopClassUid { get; }

        public int DateShift { get; }

        public IReadOnlyList<string> IdentifyingTokens { get; }

        public List<DicomFinding> Findings { get; } = [];

        public int Removed { get; set; }

        public int Replaced { get; set; }

        private static List<string> CollectTokens(DicomDataset top)
        {
            var tokens = new List<string>();
            foreach (var tag in new[] { DicomTags.PatientName, DicomTags.PatientId, DicomTags.OtherPatientIds, DicomTags.AccessionNumber,
                         DicomTags.PatientBirthDate, DicomTags.InstitutionName, DicomTags.ReferringPhysicianName, DicomTags.PatientAddress })
            {
                var text = top.GetString(tag);
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                tokens.Add(text);
                tokens.AddRange(text.Split(['^', '=', '\\', ' ', ','], StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length >= 3));
            }

            return tokens.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(t => t.Length).ToList();
        }
    }
}
