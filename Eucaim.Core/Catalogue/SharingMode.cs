namespace Eucaim.Core.Catalogue;

/// <summary>Where the images of a dataset live.</summary>
public enum SharingMode
{
    /// <summary>Uploaded to the EUCAIM central repository.</summary>
    CentralRepository,

    /// <summary>Kept by the data holder in its own federated node; only metadata and results travel.</summary>
    FederatedNode,
}

public static class SharingModes
{
    public const string CentralRepository = "central-repository";
    public const string FederatedNode = "federated-node";

    public static IReadOnlyList<string> All { get; } = [CentralRepository, FederatedNode];

    public static string ToValue(this SharingMode mode) => mode switch
    {
        SharingMode.CentralRepository => CentralRepository,
        SharingMode.FederatedNode => FederatedNode,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>
    /// Accepts the API values and the seed's wording ("Central repository", "Central Repository",
    /// "Federated Node"): spaces, hyphens and case do not matter.
    /// </summary>
    public static SharingMode? Parse(string? value) =>
        value?.Trim().Replace(' ', '-').ToLowerInvariant() switch
        {
            CentralRepository => SharingMode.CentralRepository,
            FederatedNode => SharingMode.FederatedNode,
            _ => null,
        };
}
