using System.Text.RegularExpressions;

namespace Eucaim.Dicom;

/// <summary>
/// Looks for identifying information left in headers: every attribute the Basic Profile (<see cref="ConfidentialityProfile"/>,
/// the same table the de-identifier applies) removes, empties or replaces that still holds a real value, any person
/// name, free text, private attributes. Findings name the attribute and its path, never its value.
/// </summary>
public sealed partial class DeidentificationChecker
{
    private readonly DeidentificationCheckOptions _options;

    public DeidentificationChecker(DeidentificationCheckOptions? options = null) => _options = options ?? DeidentificationCheckOptions.Default;

    public DeidentificationCheckReport CheckFile(string path)
    {
        var read = DicomReader.ReadFile(path, headerOnly: false);
        if (!read.IsDicom || !read.IsComplete)
        {
            return new DeidentificationCheckReport([.. read.Findings]);
        }

        return Check(read.Dataset);
    }

    public DeidentificationCheckReport Check(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var findings = new List<DicomFinding>();
        if (!string.Equals(dataset.GetString(DicomTags.PatientIdentityRemoved), "YES", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new DicomFinding(DicomFindingCodes.NotDeclaredDeidentified, DicomFindingSeverity.Error, DicomTags.PatientIdentityRemoved,
                "Patient Identity Removed is not YES."));
        }

        var datesModified = string.Equals(dataset.GetString(DicomTags.LongitudinalTemporalInformationModified), "MODIFIED", StringComparison.OrdinalIgnoreCase);
        findings.AddRange(DicomDeidentifier.BurnedInFindings(dataset));
        CheckDataset(dataset, string.Empty, datesModified, findings);
        return new DeidentificationCheckReport(findings);
    }

    // Runs for every file a data holder checks before uploading (eucaim check/upload), so the common
    // case allocates little: the path is written only into findings, the private creators are read
    // only when there are private attributes.
    private void CheckDataset(DicomDataset dataset, string path, bool datesModified, List<DicomFinding> findings)
    {
        Dictionary<uint, string>? creators = null;
        foreach (var element in dataset)
        {
            var tag = element.Tag;
            var where = new Where(path, tag);
            if (tag.IsPrivate)
            {
                creators ??= dataset.Where(e => e.Tag.IsPrivateCreator).ToDictionary(e => e.Tag.Value, e => e.GetString(dataset.CharacterSet));
                if (!tag.IsPrivateCreator && !IsSafePrivate(tag, creators))
                {
                    findings.Add(Finding(DicomFindingCodes.ResidualPrivateAttribute, DicomFindingSeverity.Error, tag, where,
                        "a private attribute not on the safe list remains"));
                }

                continue;
            }

            if (element.IsSequence)
            {
                // Items are only legitimate where the profile keeps the sequence (D: items cleaned, U: UIDs replaced).
                var code = ConfidentialityProfile.CodeFor(tag);
                if (code is "X" or "Z" or "X/Z" && element.Items.Count > 0)
                {
                    findings.Add(Finding(DicomFindingCodes.ResidualIdentifyingInformation, DicomFindingSeverity.Error, tag, where,
                        $"the confidentiality profile ({code}) leaves this sequence absent or empty, but it has items"));
                }

                for (var i = 0; i < element.Items.Count; i++)
                {
                    CheckDataset(element.Items[i], $"{where}[{i}]", datesModified, findings);
                }

                continue;
            }

            if (element.IsEmpty || tag.IsGroupLength)
            {
                continue;
            }

            CheckValue(dataset, element, where, datesModified, findings);
        }
    }

    private void CheckValue(DicomDataset dataset, DicomElement element, Where where, bool datesModified, List<DicomFinding> findings)
    {
        var tag = element.Tag;
        var vr = element.VR;
        var code = ConfidentialityProfile.CodeFor(tag);
        if (code is null && tag != DicomTags.PatientId && vr != DicomVR.PN && !vr.UsesCharacterSet)
        {
            // Kept by the profile and not text that could hold a name: nothing below can apply, so the value is not decoded.
            return;
        }

        var text = vr.IsString ? element.GetString(dataset.CharacterSet) : string.Empty;
        if (vr.IsString && IsDummy(text))
        {
            return;
        }

        if (tag == DicomTags.PatientId)
        {
            if (!_options.AcceptedPatientIdPattern.IsMatch(text))
            {
                findings.Add(Finding(DicomFindingCodes.ResidualIdentifyingInformation, DicomFindingSeverity.Error, tag, where,
                    "Patient ID is neither empty, a placeholder, nor an accepted pseudonym"));
            }

            return;
        }

        var isDate = vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM;
        if (isDate && tag != DicomTags.PatientBirthDate && code is not null)
        {
            if (!datesModified)
            {
                findings.Add(Finding(DicomFindingCodes.ResidualDate, DicomFindingSeverity.Warning, tag, where,
                    "a date or time the profile removes is present, and dates are not declared modified"));
            }

            return;
        }

        if (vr == DicomVR.PN)
        {
            findings.Add(Finding(DicomFindingCodes.ResidualIdentifyingInformation, DicomFindingSeverity.Error, tag, where,
                "a person's name remains"));
            return;
        }

        // U (and the UIDs of X/Z/U*) are replaced by other UIDs, which cannot be told from originals; every other code
        // leaves the attribute absent, empty or a placeholder.
        if (code is not null and not "U" and not "X/Z/U*" && !IsBinaryDummy(element))
        {
            findings.Add(Finding(DicomFindingCodes.ResidualIdentifyingInformation, DicomFindingSeverity.Error, tag, where,
                code == "X"
                    ? "an attribute the confidentiality profile removes is present"
                    : $"the confidentiality profile ({code}) leaves it absent, empty or a placeholder, but it holds a value"));
        }

        if (vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || (vr.UsesCharacterSet && LooksIdentifying().IsMatch(text)))
        {
            findings.Add(Finding(DicomFindingCodes.ResidualFreeText, DicomFindingSeverity.Warning, tag, where,
                "free text may carry identifying information and needs review"));
        }
    }

    // The dummies of binary VRs are zeros.
    private static bool IsBinaryDummy(DicomElement element) => !element.VR.IsString && !element.Value.Span.ContainsAnyExcept((byte)0);

    private bool IsSafePrivate(DicomTag tag, Dictionary<uint, string> creators) =>
        creators.TryGetValue(tag.PrivateCreatorTag.Value, out var creator)
        && _options.SafePrivateAttributes.Contains(new PrivateTagKey(creator, tag.Group, (byte)tag.Element));

    private bool IsDummy(string text)
    {
        var normalized = (text.Contains('^', StringComparison.Ordinal) ? text.Replace("^", string.Empty, StringComparison.Ordinal) : text).Trim();
        return normalized.Length == 0 || _options.AcceptedDummyValues.Contains(normalized);
    }

    private static DicomFinding Finding(string code, DicomFindingSeverity severity, DicomTag tag, Where where, string what) =>
        new(code, severity, tag, $"{DicomDictionary.KeywordOf(tag)} at {where}: {what}.");

    /// <summary>Where an attribute is: "(0010,0010)", or inside sequences "(0008,1140)[0]/(0008,1155)"; written out only into a finding.</summary>
    private readonly record struct Where(string Path, DicomTag Tag)
    {
        public override string ToString() => Path.Length == 0 ? Tag.ToString() : $"{Path}/{Tag}";
    }

    // An e-mail address, or a DICOM-style "Family^Given" name inside a text value.
    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.]+|\p{L}{2,}\^\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex LooksIdentifying();
}
