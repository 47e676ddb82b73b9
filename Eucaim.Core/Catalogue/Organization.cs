namespace Eucaim.Core.Catalogue;

/// <summary>
/// A data holder organization. Its key is the short name EUCAIM uses (the seed's
/// <c>organizationAcronym</c>, e.g. <c>CETIR</c>), which is also the value of the
/// <c>eucaim:organization</c> claim of its data holders.
/// </summary>
public sealed class Organization
{
    public required string Key { get; set; }

    public required string Name { get; set; }
}
