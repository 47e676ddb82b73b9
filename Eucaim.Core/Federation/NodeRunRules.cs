using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's policy on a run request or a training round, decided at the node before anything runs: the request well
/// formed, only datasets the node holds, an image the node allows, an organisation the node allows (none listed: any).
/// Both kinds of request meet the same placement checks, so a node's policy cannot differ between them by accident.
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

        return PlacementRefusal("Runs", request.Image, request.Datasets, request.Requester, heldDatasets, allowedImages, allowedOrganisations);
    }

    /// <summary>
    /// Null when the node trains this round; otherwise the reason, in words, sent to the hub. Besides the placement
    /// checks of a run: the declared model valid, a round number, and global weights of exactly the model's shape.
    /// </summary>
    public static string? Refusal(
        TrainRequest request, IReadOnlyCollection<Guid> heldDatasets, IReadOnlyCollection<string> allowedImages, IReadOnlyCollection<string> allowedOrganisations)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Datasets is not { Count: > 0 } || request.Model is null || request.GlobalWeights is null || request.Requester is null
            || string.IsNullOrWhiteSpace(request.Image))
        {
            return "The training request is incomplete (image, datasets, model, global weights and requester are required).";
        }

        if (FederatedTrainingSchema.Validate(request.Model.WeightCount, request.Model.Metrics).Values.FirstOrDefault() is [var problem, ..])
        {
            return $"The training's model is not valid: {problem}";
        }

        if (request.Round is < 1 or > FederatedTrainingSchema.MaxRounds)
        {
            return $"Round {request.Round} is not a round of a training (1 to {FederatedTrainingSchema.MaxRounds}).";
        }

        if (request.GlobalWeights.Count != request.Model.WeightCount || request.GlobalWeights.Any(w => !double.IsFinite(w)))
        {
            return $"The global weights are not {request.Model.WeightCount} finite numbers, as the training's model declares.";
        }

        return PlacementRefusal("Trainings", request.Image, request.Datasets, request.Requester, heldDatasets, allowedImages, allowedOrganisations);
    }

    /// <summary>Where and for whom the node runs anything: its own datasets, its allowed images, its allowed organisations.</summary>
    private static string? PlacementRefusal(
        string what, string image, IReadOnlyList<Guid> datasets, RunRequester requester,
        IReadOnlyCollection<Guid> heldDatasets, IReadOnlyCollection<string> allowedImages, IReadOnlyCollection<string> allowedOrganisations)
    {
        if (datasets.FirstOrDefault(d => !heldDatasets.Contains(d)) is var missing && missing != Guid.Empty)
        {
            return $"Dataset {missing} is not held by this node.";
        }

        if (!allowedImages.Contains(image, StringComparer.Ordinal))
        {
            return $"Image '{image}' is not among the images this node runs.";
        }

        if (allowedOrganisations.Count > 0
            && (requester.Organisation is not { } organisation || !allowedOrganisations.Contains(organisation, StringComparer.OrdinalIgnoreCase)))
        {
            return $"{what} from organisation '{requester.Organisation ?? "unknown"}' are not accepted by this node.";
        }

        return null;
    }
}
