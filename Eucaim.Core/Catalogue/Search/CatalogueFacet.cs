namespace Eucaim.Core.Catalogue.Search;

/// <summary>The filters of the catalogue that are also facets: counted in every search response.</summary>
public enum CatalogueFacet
{
    Modality,
    CancerType,
    BodyPart,
    Tier,
    SharingMode,
    Sex,
    Organization,
}

public static class CatalogueFacets
{
    public static IReadOnlyList<CatalogueFacet> All { get; } = Enum.GetValues<CatalogueFacet>();

    /// <summary>The query parameter and the JSON property of a facet.</summary>
    public static string Name(this CatalogueFacet facet) => facet switch
    {
        CatalogueFacet.Modality => "modality",
        CatalogueFacet.CancerType => "cancerType",
        CatalogueFacet.BodyPart => "bodyPart",
        CatalogueFacet.Tier => "tier",
        CatalogueFacet.SharingMode => "sharingMode",
        CatalogueFacet.Sex => "sex",
        CatalogueFacet.Organization => "organization",
        _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, null),
    };

    /// <summary>
    /// Whether a value must exist in the listed catalogue to be searched for. Open vocabularies
    /// (free text normalized into keys, organizations) have no other list to check a value against;
    /// closed ones (DICOM codes, tiers, sharing modes, sex groups) are checked by their rules and may
    /// simply match nothing.
    /// </summary>
    public static bool IsOpenVocabulary(this CatalogueFacet facet) =>
        facet is CatalogueFacet.CancerType or CatalogueFacet.BodyPart or CatalogueFacet.Organization;
}
