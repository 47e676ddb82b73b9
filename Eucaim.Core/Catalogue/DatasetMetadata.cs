namespace Eucaim.Core.Catalogue;

/// <summary>
/// A dataset's metadata as data holders write it and readers get it back. Everything is nullable
/// so that a missing required field is reported by name (<see cref="DatasetMetadataValidator"/>)
/// rather than failing deserialization.
/// </summary>
public sealed record DatasetMetadata
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? IntendedPurpose { get; init; }

    public string? CancerType { get; init; }

    public IReadOnlyList<string>? Modalities { get; init; }

    public string? ModalityText { get; init; }

    public IReadOnlyList<string>? BodyParts { get; init; }

    public string? AgeRange { get; init; }

    public string? Sex { get; init; }

    public int? Subjects { get; init; }

    public string? SubjectsText { get; init; }

    public string? SubjectsNote { get; init; }

    public int? Studies { get; init; }

    public string? StudiesText { get; init; }

    public string? StudiesNote { get; init; }

    public decimal? SizeGb { get; init; }

    public string? SizeText { get; init; }

    public string? SizeNote { get; init; }

    public string? Deidentification { get; init; }

    public string? TermsOfUse { get; init; }

    public IReadOnlyList<string>? CollectionMethods { get; init; }

    public IReadOnlyList<string>? DatasetTypes { get; init; }

    public string? Tier { get; init; }

    /// <summary><c>central-repository</c> or <c>federated-node</c>.</summary>
    public string? SharingMode { get; init; }

    public string? FederatedNode { get; init; }

    public IReadOnlyList<string>? ToolsUsed { get; init; }

    public string? Vendor { get; init; }

    public IReadOnlyList<string>? Notes { get; init; }

    public string? UseCaseId { get; init; }

    public string? CallRound { get; init; }

    public static DatasetMetadata From(DatasetVersion version) => new()
    {
        Name = version.Name,
        Description = version.Description,
        IntendedPurpose = version.IntendedPurpose,
        CancerType = version.CancerType,
        Modalities = version.Modalities,
        ModalityText = version.ModalityText,
        BodyParts = version.BodyParts,
        AgeRange = version.AgeRange,
        Sex = version.Sex,
        Subjects = version.Subjects,
        SubjectsText = version.SubjectsText,
        SubjectsNote = version.SubjectsNote,
        Studies = version.Studies,
        StudiesText = version.StudiesText,
        StudiesNote = version.StudiesNote,
        SizeGb = version.SizeGb,
        SizeText = version.SizeText,
        SizeNote = version.SizeNote,
        Deidentification = version.Deidentification,
        TermsOfUse = version.TermsOfUse,
        CollectionMethods = version.CollectionMethods,
        DatasetTypes = version.DatasetTypes,
        Tier = version.Tier,
        SharingMode = version.SharingMode.ToValue(),
        FederatedNode = version.FederatedNode,
        ToolsUsed = version.ToolsUsed,
        Vendor = version.Vendor,
        Notes = version.Notes,
        UseCaseId = version.UseCaseId,
        CallRound = version.CallRound,
    };

    /// <summary>
    /// Writes validated metadata into <paramref name="version"/>, with the normalized forms search
    /// uses. Call only after <see cref="DatasetMetadataValidator.Validate"/> found no error.
    /// </summary>
    public void ApplyTo(DatasetVersion version)
    {
        version.Name = Name!.Trim();
        version.Description = Description!.Trim();
        version.IntendedPurpose = Trimmed(IntendedPurpose);
        version.CancerType = CancerType!.Trim();
        version.CancerTypeKey = CatalogueTerms.Key(CancerType);
        version.Modalities = (Modalities ?? []).Select(m => DicomModalities.Canonical(m)!).Distinct().ToList();
        version.ModalityText = Trimmed(ModalityText);
        version.BodyParts = Texts(BodyParts);
        version.BodyPartKeys = CatalogueTerms.Keys(version.BodyParts);
        version.AgeRange = Trimmed(AgeRange);
        version.Sex = Sex!.Trim();
        version.SexGroup = Catalogue.SexGroup.Of(Sex);
        version.Subjects = Subjects;
        version.SubjectsText = Trimmed(SubjectsText);
        version.SubjectsNote = Trimmed(SubjectsNote);
        version.Studies = Studies;
        version.StudiesText = Trimmed(StudiesText);
        version.StudiesNote = Trimmed(StudiesNote);
        version.SizeGb = SizeGb;
        version.SizeText = Trimmed(SizeText);
        version.SizeNote = Trimmed(SizeNote);
        version.Deidentification = Trimmed(Deidentification);
        version.TermsOfUse = Trimmed(TermsOfUse);
        version.CollectionMethods = Texts(CollectionMethods);
        version.DatasetTypes = Texts(DatasetTypes);
        version.Tier = Tiers.Canonical(Tier)!;
        version.SharingMode = SharingModes.Parse(SharingMode)!.Value;
        version.FederatedNode = version.SharingMode == Catalogue.SharingMode.FederatedNode ? Trimmed(FederatedNode) : null;
        version.ToolsUsed = Texts(ToolsUsed);
        version.Vendor = Trimmed(Vendor);
        version.Notes = Texts(Notes);
        version.UseCaseId = Trimmed(UseCaseId);
        version.CallRound = Trimmed(CallRound);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Texts(IReadOnlyList<string>? texts) =>
        (texts ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
}
