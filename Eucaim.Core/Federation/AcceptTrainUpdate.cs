using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's report on its part of a training round: accepted, refused (by its policy, with the reason), running or
/// failed. Only about a round the node was sent, and never after its part ended. Every step is audited.
/// </summary>
public sealed class AcceptTrainUpdate(UnitOfWork uow)
{
    public async Task<Outcome<Done>> RunAsync(LinkReceipt receipt, CancellationToken cancellationToken)
    {
        TrainUpdate? update;
        try
        {
            update = receipt.Message.BodyAs<TrainUpdate>();
        }
        catch (JsonException ex)
        {
            return Problem.Invalid("body", $"the train-update body is not valid: {ex.Message}");
        }

        if (update.TrainingId == Guid.Empty || update.Round < 1)
        {
            return Problem.Invalid("trainingId", "the update names no training round.");
        }

        if (!Enum.IsDefined(update.State))
        {
            return Problem.Invalid("state", "the state is not one of accepted, refused, running, failed.");
        }

        if (update.Reason is { Length: > AcceptRunUpdate.MaxReasonLength })
        {
            return Problem.Invalid("reason", $"at most {AcceptRunUpdate.MaxReasonLength} characters.");
        }

        var node = receipt.Node.Id;
        return await uow.RunAsync<Done>(async (scope, ct) =>
        {
            var part = await scope.Db.FederatedTrainingContributions
                .FirstOrDefaultAsync(c => c.TrainingId == update.TrainingId && c.Round == update.Round && c.NodeId == node, ct);
            if (part is null)
            {
                return Problem.Conflict("No such training round.", $"round {update.Round} of training {update.TrainingId} was not sent to node {node}.", "round-not-sent");
            }

            if (FederatedTrainingStates.IsFinalContribution(part.State))
            {
                return Problem.Conflict("The node's part of the round has ended.",
                    $"round {update.Round} of training {update.TrainingId} is {part.State} at node {node}; it takes no more updates.", "round-ended");
            }

            var state = FederatedRunStates.Of(update.State);
            if (state == FederatedRunStates.Accepted && part.State == FederatedRunStates.Running)
            {
                // A late copy of the acceptance: the node already trains.
                return Done.Value;
            }

            part.State = state;
            part.Reason = update.Reason;
            part.UpdatedAt = scope.Now;
            scope.Audit(Actor.System($"federation-node:{node}").Audit(AuditActions.FederationTrainingUpdated) with
            {
                Outcome = state is FederatedRunStates.Refused or FederatedRunStates.Failed ? AuditOutcomes.Failure : AuditOutcomes.Success,
                TargetType = "federation-training",
                TargetId = update.TrainingId.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["node"] = node,
                    ["round"] = update.Round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["state"] = state,
                    ["reason"] = update.Reason,
                    ["message"] = receipt.Message.Id.ToString(),
                },
            });
            await FederatedTrainingSignal.NotifyAsync(scope.Db, ct);
            return Done.Value;
        }, cancellationToken);
    }
}
