namespace Eucaim.Core.Catalogue;

public enum DatasetVersionStatus
{
    /// <summary>The one editable version of a dataset, numbered as it will be once published.</summary>
    Draft,

    /// <summary>Immutable from the moment it was published.</summary>
    Published,
}
