using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's policy on a run request, decided at the node before anything runs: the request well formed, only
/// datasets the node holds, an image the node allows, an organisation the node allows (none listed: any).
/// </summary>
public static class NodeRunRules
{
    /// <summary>Null when the node takes the run; otherwise the reason, in words, sent to the hub.</summary>
    public static string? Refusal(
        RunRequest request, IReadOnlyCollection<Guid> heldDatasets, IReadOnlyCollection<string> allowedImages, IReadOnlyCollection<string> allowedOrganisations)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Datasets is not { Count: > 0 } || request.Schema is null || request.Requester is null || string.IsNullOrWhiteSpace(request.Image))
        {
            return "The run request is incomplete (image, datasets, result schema and requester are required).";
        }

        if (FederatedRunSchema.Validate(request.Schema.Metrics, request.Schema.Counts).Count > 0)
        {
            return "The run's result schema is not valid.";
        }

        if (request.Datasets.FirstOrDefault(d => !heldDatasets.Contains(d)) is var missing && missing != Guid.Empty)
        {
            return $"Dataset {missing} is not held by this node.";
        }

        if (!allowedImages.Contains(request.Image, StringComparer.Ordinal))
        {
            return $"Image '{request.Image}' is not among the images this node runs.";
        }

        if (allowedOrganisations.Count > 0
            && (request.Requester.Organisation is not { } organisation || !allowedOrganisations.Contains(organisation, StringComparer.OrdinalIgnoreCase)))
        {
            return $"Runs from organisation '{request.Requester.Organisation ?? "unknown"}' are not accepted by this node.";
        }

        return null;
    }
}
