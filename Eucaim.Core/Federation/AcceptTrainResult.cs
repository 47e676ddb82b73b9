using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's contribution to a training round: accepted only when it is exactly a <see cref="TrainResult"/> of the
/// training's model (<see cref="FederatedTrainingSchema.Check"/>: the declared number of finite weights, a released
/// sample count, only the declared metrics; no other field), from a node the round was sent to, while the node's part
/// is open. A contribution counts once: a second one for the same round and node is a conflict (409) and changes
/// nothing. Anything else is refused (400), audited as <see cref="AuditActions.FederationContributionRefused"/>, and
/// the node's part becomes <c>result-refused</c>.
/// </summary>
public sealed class AcceptTrainResult(UnitOfWork uow)
{
    public async Task<Outcome<Done>> RunAsync(LinkReceipt receipt, CancellationToken cancellationToken)
    {
        var node = receipt.Node.Id;
        var body = receipt.Message.Body;
        var trainingId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("trainingId", out var id)
            && id.ValueKind == JsonValueKind.String && id.TryGetGuid(out var parsed) ? parsed : Guid.Empty;
        var round = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("round", out var r) && r.ValueKind == JsonValueKind.Number
            && r.TryGetInt32(out var n) ? n : 0;
        if (trainingId == Guid.Empty || round < 1)
        {
            return await RefuseAsync(receipt, null, "trainingId", "the contribution names no training round.", cancellationToken);
        }

        var part = await uow.Db.FederatedTrainingContributions.AsNoTracking()
            .FirstOrDefaultAsync(c => c.TrainingId == trainingId && c.Round == round && c.NodeId == node, cancellationToken);
        if (part is null)
        {
            return await RefuseAsync(receipt, null, "round", $"round {round} of training {trainingId} was not sent to node {node}.", cancellationToken);
        }

        if (part.State == FederatedRunStates.Succeeded)
        {
            return Duplicate(trainingId, round, node);
        }

        if (FederatedTrainingStates.IsFinalContribution(part.State))
        {
            return await RefuseAsync(receipt, null, "round", $"round {round} of training {trainingId} is {part.State} at node {node}; it takes no contribution.", cancellationToken);
        }

        TrainResult? result;
        try
        {
            result = body.Deserialize<TrainResult>(FederationJson.Options);
        }
        catch (JsonException ex)
        {
            return await RefuseAsync(receipt, part, "body",
                $"the contribution is not a train result (only trainingId, round, weights, samples and metrics of numbers): {ex.Message}", cancellationToken);
        }

        var model = JsonSerializer.Deserialize<TrainRequest>(part.Request, FederationJson.Options)!.Model;
        if (result is null)
        {
            return await RefuseAsync(receipt, part, "body", "the contribution is empty.", cancellationToken);
        }

        if (FederatedTrainingSchema.Check(result, model) is { } mismatch)
        {
            return await RefuseAsync(receipt, part, mismatch.Field, mismatch.Problem, cancellationToken);
        }

        return await uow.RunAsync<Done>(async (scope, ct) =>
        {
            // One statement decides, so a contribution racing the round's close (or its own copy) counts at most once.
            var weights = JsonSerializer.Serialize(result.Weights, FederationJson.Options);
            var metrics = JsonSerializer.Serialize(result.Metrics, FederationJson.Options);
            var taken = await scope.Db.FederatedTrainingContributions
                .Where(c => c.TrainingId == trainingId && c.Round == round && c.NodeId == node
                    && !FederatedTrainingStates.FinalContributionStates.Contains(c.State))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.State, FederatedRunStates.Succeeded)
                    .SetProperty(c => c.Reason, (string?)null)
                    .SetProperty(c => c.Weights, weights)
                    .SetProperty(c => c.Samples, result.Samples)
                    .SetProperty(c => c.Metrics, metrics)
                    .SetProperty(c => c.UpdatedAt, scope.Now), ct);
            if (taken == 0)
            {
                var state = await scope.Db.FederatedTrainingContributions.Where(c => c.TrainingId == trainingId && c.Round == round && c.NodeId == node)
                    .Select(c => c.State).FirstAsync(ct);
                return state == FederatedRunStates.Succeeded
                    ? Duplicate(trainingId, round, node)
                    : Problem.Conflict("The node's part of the round has ended.", $"round {round} of training {trainingId} is {state} at node {node}.", "round-ended");
            }

            scope.Audit(NodeActor(node).Audit(AuditActions.FederationContributionAccepted) with
            {
                TargetType = "federation-training",
                TargetId = trainingId.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["node"] = node,
                    ["round"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["samples"] = result.Samples.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["message"] = receipt.Message.Id.ToString(),
                },
            });
            await FederatedTrainingSignal.NotifyAsync(scope.Db, ct);
            return Done.Value;
        }, cancellationToken);
    }

    private static Problem Duplicate(Guid trainingId, int round, string node) => Problem.Conflict(
        "The node has contributed to this round already.", $"round {round} of training {trainingId} holds node {node}'s contribution; a copy counts nothing.",
        "contribution-duplicate");

    private static Actor NodeActor(string node) => Actor.System($"federation-node:{node}");

    /// <summary>Audits the refusal and, for an open part of a round sent to the node, marks it <c>result-refused</c>; then the 400.</summary>
    private async Task<Outcome<Done>> RefuseAsync(
        LinkReceipt receipt, FederatedTrainingContribution? part, string field, string reason, CancellationToken cancellationToken)
    {
        var node = receipt.Node.Id;
        await uow.CommitAsync(async (scope, ct) =>
        {
            if (part is not null)
            {
                var row = await scope.Db.FederatedTrainingContributions.FirstAsync(c => c.TrainingId == part.TrainingId && c.Round == part.Round && c.NodeId == node, ct);
                if (!FederatedTrainingStates.IsFinalContribution(row.State))
                {
                    row.State = FederatedRunStates.ResultRefused;
                    row.Reason = $"The contribution was refused: {field}: {reason}";
                    row.UpdatedAt = scope.Now;
                    await FederatedTrainingSignal.NotifyAsync(scope.Db, ct);
                }
            }

            scope.Audit(NodeActor(node).Audit(AuditActions.FederationContributionRefused) with
            {
                Outcome = AuditOutcomes.Denied,
                TargetType = "federation-training",
                TargetId = part?.TrainingId.ToString(),
                Details = new Dictionary<string, string?> { ["node"] = node, ["field"] = field, ["reason"] = reason, ["message"] = receipt.Message.Id.ToString() },
            });
        }, cancellationToken);
        return Problem.Invalid(field, reason, "The contribution is refused.");
    }
}
