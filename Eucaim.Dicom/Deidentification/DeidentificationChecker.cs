using System.Text.RegularExpressions;

namespace Eucaim.Dicom;

/// <summary>
/// Looks for identifying information left in headers: names, birth dates, IDs, addresses, institutions,
/// physicians, free text, private attributes. Findings name the attribute and its path, never its value.
/// </summary>
public sealed partial class DeidentificationChecker
{
    private static readonly HashSet<DicomTag> DirectIdentifiers =
    [
        DicomTags.PatientName, DicomTags.PatientBirthDate, DicomTags.PatientAddress, DicomTags.OtherPatientIds,
        DicomTags.InstitutionName, DicomTags.InstitutionAddress, DicomTags.ReferringPhysicianName, DicomTags.AccessionNumber,
        new(0x0010, 0x1001), new(0x0010, 0x1005), new(0x0010, 0x1060), new(0x0010, 0x2154), new(0x0010, 0x0032),
        new(0x0008, 0x1048), new(0x0008, 0x1050), new(0x0008, 0x1060), new(0x0008, 0x1070), new(0x0008, 0x0092),
        new(0x0008, 0x0094), new(0x0032, 0x1032), new(0x0040, 0x0006), new(0x0040, 0x1102), new(0x0040, 0x1103),
    ];

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

    private void CheckDataset(DicomDataset dataset, string path, bool datesModified, List<DicomFinding> findings)
    {
        var creators = dataset.Where(e => e.Tag.IsPrivateCreator).ToDictionary(e => e.Tag.Value, e => e.GetString(dataset.CharacterSet));
        foreach (var element in dataset)
        {
            var tag = element.Tag;
            var where = path.Length == 0 ? tag.ToString() : $"{path}/{tag}";
            if (tag.IsPrivate)
            {
                if (!tag.IsPrivateCreator && !IsSafePrivate(tag, creators))
                {
                    findings.Add(Finding(DicomFindingCodes.ResidualPrivateAttribute, DicomFindingSeverity.Error, tag, where,
                        "a private attribute not on the safe list remains"));
                }

                continue;
            }

            if (element.IsSequence)
            {
                var action = ConfidentialityProfile.ActionFor(tag);
                if (action == DeidentificationAction.Remove && element.Items.Count > 0)
                {
                    findings.Add(Finding(DicomFindingCodes.ResidualIdentifyingInformation, DicomFindingSeverity.Error, tag, where,
                        "a sequence the confidentiality profile removes is present"));
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

    private void CheckValue(DicomDataset dataset, DicomElement element, string where, bool datesModified, List<DicomFinding> findings)
    {
        var tag = element.Tag;
        var vr = element.VR;
        var text = vr.IsString ? dataset.GetString(tag) ?? string.Empty : string.Empty;
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

        var action = ConfidentialityProfile.ActionFor(tag);
        var isDate = vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM;
        if (isDate && tag != DicomTags.PatientBirthDate && action is not null and not DeidentificationAction.Keep)
        {
            if (!datesModified)
            {
                findings.Add(Finding(DicomFindingCodes.ResidualDate, DicomFindingSeverity.Warning, tag, where,
                    "a date or time the profile removes is present, and dates are not declared modified"));
            }

            return;
        }

        if (vr == DicomVR.PN || DirectIdentifiers.Contains(tag))
        {
            findings.Add(Finding(DicomFindingCodes.ResidualIdentifyingInformation, DicomFindingSeverity.Error, tag, where,
                "a name, birth date, identifier, address or institution remains"));
            return;
        }

        if (action == DeidentificationAction.Remove)
        {
            findings.Add(Finding(DicomFindingCodes.ResidualIdentifyingInformation, DicomFindingSeverity.Error, tag, where,
                "an attribute the confidentiality profile removes is present"));
            return;
        }

        if (vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || (vr.UsesCharacterSet && LooksIdentifying().IsMatch(text)))
        {
            findings.Add(Finding(DicomFindingCodes.ResidualFreeText, DicomFindingSeverity.Warning, tag, where,
                "free text may carry identifying information and needs review"));
        }
    }

    private bool IsSafePrivate(DicomTag tag, Dictionary<uint, string> creators) =>
        creators.TryGetValue(tag.PrivateCreatorTag.Value, out var creator)
        && _options.SafePrivateAttributes.Contains(new PrivateTagKey(creator, tag.Group, (byte)tag.Element));

    private bool IsDummy(string text)
    {
        var normalized = text.Replace("^", string.Empty, StringComparison.Ordinal).Trim();
        return normalized.Length == 0 || _options.AcceptedDummyValues.Contains(normalized);
    }

    private static DicomFinding Finding(string code, DicomFindingSeverity severity, DicomTag tag, string where, string what) =>
        new(code, severity, tag, $"{DicomDictionary.KeywordOf(tag)} at {where}: {what}.");

    // An e-mail address, or a DICOM-style "Family^Given" name inside a text value.
    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.]+|\p{L}{2,}\^\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex LooksIdentifying();
}
