namespace Eucaim.Core.Catalogue;

/// <summary>
/// Checks metadata a data holder submits; every problem is reported under the JSON name of the
/// field (<c>subjects</c>, <c>modalities[2]</c>), all at once, so one round trip fixes them all.
/// </summary>
public static class DatasetMetadataValidator
{
    public const int MaxNameLength = 300;
    public const int MaxShortTextLength = 500;
    public const int MaxLongTextLength = 20_000;
    public const int MaxListLength = 50;

    public static Dictionary<string, string[]> Validate(DatasetMetadata metadata)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string field, string message) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        Required(metadata.Name, "name", MaxNameLength, Fail);
        Required(metadata.Description, "description", MaxLongTextLength, Fail);
        Required(metadata.CancerType, "cancerType", MaxShortTextLength, Fail);
        Required(metadata.Sex, "sex", MaxShortTextLength, Fail);
        Optional(metadata.IntendedPurpose, "intendedPurpose", MaxLongTextLength, Fail);
        Optional(metadata.TermsOfUse, "termsOfUse", MaxLongTextLength, Fail);
        Optional(metadata.Deidentification, "deidentification", MaxLongTextLength, Fail);
        foreach (var (value, field) in new[]
        {
            (metadata.ModalityText, "modalityText"), (metadata.AgeRange, "ageRange"), (metadata.SubjectsText, "subjectsText"),
            (metadata.SubjectsNote, "subjectsNote"), (metadata.StudiesText, "studiesText"), (metadata.StudiesNote, "studiesNote"),
            (metadata.SizeText, "sizeText"), (metadata.SizeNote, "sizeNote"), (metadata.Vendor, "vendor"),
            (metadata.UseCaseId, "useCaseId"), (metadata.CallRound, "callRound"), (metadata.FederatedNode, "federatedNode"),
        })
        {
            Optional(value, field, MaxShortTextLength, Fail);
        }

        if (metadata.Modalities is null || metadata.Modalities.Count == 0)
        {
            Fail("modalities", "At least one DICOM modality code (CT, MR, PT, MG, SM, US, DX, NM…) is required.");
        }
        else
        {
            ListLength(metadata.Modalities, "modalities", Fail);
            for (var i = 0; i < metadata.Modalities.Count; i++)
            {
                if (DicomModalities.Canonical(metadata.Modalities[i]) is null)
                {
                    Fail($"modalities[{i}]", $"'{metadata.Modalities[i]}' is not a DICOM modality code (e.g. CT, MR, PT, MG, SM, US, DX, NM).");
                }
            }
        }

        Texts(metadata.BodyParts, "bodyParts", Fail);
        Texts(metadata.CollectionMethods, "collectionMethods", Fail);
        Texts(metadata.DatasetTypes, "datasetTypes", Fail);
        Texts(metadata.ToolsUsed, "toolsUsed", Fail);
        Texts(metadata.Notes, "notes", Fail);

        if (metadata.Subjects is null)
        {
            Fail("subjects", "The number of subjects is required.");
        }
        else if (metadata.Subjects < 0)
        {
            Fail("subjects", "The number of subjects cannot be negative.");
        }

        if (metadata.Studies < 0)
        {
            Fail("studies", "The number of studies cannot be negative.");
        }

        if (metadata.SizeGb < 0)
        {
            Fail("sizeGb", "The size cannot be negative.");
        }

        if (string.IsNullOrWhiteSpace(metadata.Tier))
        {
            Fail("tier", "The tier is required: 1, 2 or 3, optionally with a sub-level such as 3C+.");
        }
        else if (Tiers.Canonical(metadata.Tier) is null)
        {
            Fail("tier", $"'{metadata.Tier}' is not a tier: use 1, 2 or 3, optionally with a sub-level such as 3C+.");
        }

        var sharing = SharingModes.Parse(metadata.SharingMode);
        if (sharing is null)
        {
            Fail("sharingMode", string.IsNullOrWhiteSpace(metadata.SharingMode)
                ? $"The sharing mode is required: {string.Join(" or ", SharingModes.All)}."
                : $"'{metadata.SharingMode}' is not a sharing mode: use {string.Join(" or ", SharingModes.All)}.");
        }
        else if (sharing == SharingMode.FederatedNode && string.IsNullOrWhiteSpace(metadata.FederatedNode))
        {
            Fail("federatedNode", "A dataset shared through a federated node names that node.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void Required(string? value, string field, int maxLength, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            fail(field, $"'{field}' is required.");
        }
        else
        {
            Optional(value, field, maxLength, fail);
        }
    }

    private static void Optional(string? value, string field, int maxLength, Action<string, string> fail)
    {
        if (value is not null && value.Length > maxLength)
        {
            fail(field, $"'{field}' is longer than {maxLength} characters.");
        }
    }

    private static void Texts(IReadOnlyList<string>? values, string field, Action<string, string> fail)
    {
        if (values is null)
        {
            return;
        }

        ListLength(values, field, fail);
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                fail($"{field}[{i}]", "Empty entries are not allowed.");
            }
            else
            {
                Optional(values[i], $"{field}[{i}]", MaxShortTextLength, fail);
            }
        }
    }

    private static void ListLength(IReadOnlyList<string> values, string field, Action<string, string> fail)
    {
        if (values.Count > MaxListLength)
        {
            fail(field, $"At most {MaxListLength} entries.");
        }
    }
}
