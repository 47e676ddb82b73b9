using NpgsqlTypes;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// The search projection: one row per listed dataset (its latest published version, not
/// invalidated), written only by <see cref="CatalogueProjection"/>, so that search never reasons
/// about drafts or old versions. The table's TOAST target is lowered and the search vector stored
/// out of line: a full-text match must visit every matching heap row, and narrow rows make that
/// several times cheaper than rows carrying a kilobyte of tsvector each.
/// </summary>
public sealed class CatalogueEntry
{
    public Guid DatasetId { get; set; }

    public int VersionNumber { get; set; }

    public required string OrganizationKey { get; set; }

    public required string Name { get; set; }

    public string? IntendedPurpose { get; set; }

    public required string Description { get; set; }

    public required string CancerType { get; set; }

    public required string CancerTypeKey { get; set; }

    public List<string> Modalities { get; set; } = [];

    public List<string> BodyParts { get; set; } = [];

    public List<string> BodyPartKeys { get; set; } = [];

    public required string Tier { get; set; }

    public SharingMode SharingMode { get; set; }

    public required string SexGroup { get; set; }

    public int? Subjects { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>Generated: name (weight A), intended purpose (B), description (C), English configuration.</summary>
    public NpgsqlTsVector SearchVector { get; set; } = null!;
}
