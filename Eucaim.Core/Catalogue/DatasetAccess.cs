using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// Who may see and change a dataset. Published (and invalidated) datasets are public; a dataset
/// that was never published exists only for its organization's data holders and admins, so every
/// other caller gets 404, exactly as for an id that does not exist. Changes are for the owning
/// organization's data holders and admins; others who can see the dataset get 403.
/// </summary>
public static class DatasetAccess
{
    public static bool Owns(this PlatformIdentity caller, Dataset dataset) =>
        caller.IsAdmin || caller.HoldsDataFor(dataset.OrganizationKey);

    public static bool Sees(this PlatformIdentity caller, Dataset dataset) =>
        dataset.WasEverPublished || caller.Owns(dataset);

    /// <summary>The subject recorded as author of a change.</summary>
    public static string Author(this PlatformIdentity caller) => caller.Subject ?? "unknown";

    /// <summary>The dataset when the caller may change it; 404 for what they may not see, 403 for what they see but do not own.</summary>
    public static Outcome<LoadedDataset> ChangeableBy(this LoadedDataset? loaded, PlatformIdentity caller, Guid id)
    {
        if (loaded is null || !caller.Sees(loaded.Dataset))
        {
            return CatalogueProblems.NotFound(id);
        }

        return caller.Owns(loaded.Dataset) ? loaded : CatalogueProblems.NotOwner(loaded.Dataset.OrganizationKey);
    }
}
