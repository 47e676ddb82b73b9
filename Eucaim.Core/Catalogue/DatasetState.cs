namespace Eucaim.Core.Catalogue;

/// <summary>Where a dataset is in its life: Draft → Published → Invalidated.</summary>
public enum DatasetState
{
    /// <summary>Never published: visible to its organization's data holders and admins only.</summary>
    Draft,

    /// <summary>At least one immutable version is public; a new draft may be under way.</summary>
    Published,

    /// <summary>Withdrawn with a reason. Kept (it may have been used), readable, no longer listed.</summary>
    Invalidated,
}
