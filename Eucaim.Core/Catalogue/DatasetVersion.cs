namespace Eucaim.Core.Catalogue;

/// <summary>
/// One numbered version of a dataset's metadata. Every field of the EUCAIM dataset description
/// (the seed file's fields) is a column; the normalized forms used by search (facet keys, sex group,
/// sharing mode) sit beside the original wording.
/// </summary>
public sealed class DatasetVersion
{
    /// <summary>
    /// A version whose metadata is still to be applied (<see cref="DatasetMetadata.ApplyTo"/>): the
    /// required text columns start empty rather than null.
    /// </summary>
    public static DatasetVersion Begin(Guid datasetId, int number, DatasetVersionStatus status, string author, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        DatasetId = datasetId,
        Number = number,
        Status = status,
        Name = "",
        Description = "",
        CancerType = "",
        CancerTypeKey = "",
        Sex = "",
        SexGroup = "",
        Tier = "",
        CreatedAt = now,
        CreatedBy = author,
        UpdatedAt = now,
    };

    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    public int Number { get; set; }

    public DatasetVersionStatus Status { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    public string? IntendedPurpose { get; set; }

    public required string CancerType { get; set; }

    public required string CancerTypeKey { get; set; }

    /// <summary>DICOM modality codes (CT, MR, PT, MG, SM…).</summary>
    public List<string> Modalities { get; set; } = [];

    /// <summary>How the data holder described the modalities, e.g. "PET-CT, PET-MR, Mammography".</summary>
    public string? ModalityText { get; set; }

    public List<string> BodyParts { get; set; } = [];

    public List<string> BodyPartKeys { get; set; } = [];

    public string? AgeRange { get; set; }

    /// <summary>The free-text description, e.g. "Male (60%), Female (40%)".</summary>
    public required string Sex { get; set; }

    /// <summary><see cref="Catalogue.SexGroup"/> derived from <see cref="Sex"/>.</summary>
    public required string SexGroup { get; set; }

    public int? Subjects { get; set; }

    /// <summary>The count as the data holder wrote it when it was not a plain number ("Up to 1000").</summary>
    public string? SubjectsText { get; set; }

    public string? SubjectsNote { get; set; }

    public int? Studies { get; set; }

    public string? StudiesText { get; set; }

    public string? StudiesNote { get; set; }

    public decimal? SizeGb { get; set; }

    public string? SizeText { get; set; }

    public string? SizeNote { get; set; }

    public string? Deidentification { get; set; }

    public string? TermsOfUse { get; set; }

    public List<string> CollectionMethods { get; set; } = [];

    public List<string> DatasetTypes { get; set; } = [];

    /// <summary>"1", "2", "3" or a sub-level such as "3C+".</summary>
    public required string Tier { get; set; }

    public SharingMode SharingMode { get; set; }

    /// <summary>The federated node holding the images, for <see cref="SharingMode.FederatedNode"/>.</summary>
    public string? FederatedNode { get; set; }

    /// <summary>EUCAIM data holder tools used (anonymizer, DIQCT, ETL…).</summary>
    public List<string> ToolsUsed { get; set; } = [];

    public string? Vendor { get; set; }

    public List<string> Notes { get; set; } = [];

    /// <summary>The EUCAIM use case the dataset was offered for, e.g. <c>I/1DH1</c>.</summary>
    public string? UseCaseId { get; set; }

    public string? CallRound { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? PublishedBy { get; set; }
}
