using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's report on a run it was sent: accepted, refused (by its policy, with the reason), running or failed.
/// Only about a run sent to that node, and never after the run ended there. Every step is audited.
/// </summary>
public sealed class AcceptRunUpdate(UnitOfWork uow)
{
    public const int MaxReasonLength = 2000;

    public async Task<Outcome<Done>> RunAsync(LinkReceipt receipt, CancellationToken cancellationToken)
    {
        RunUpdate? update;
        try
        {
            update = receipt.Message.BodyAs<RunUpdate>();
        }
        catch (JsonException ex)
        {
            return Problem.Invalid("body", $"the run-update body is not valid: {ex.Message}");
        }

        if (update.RunId == Guid.Empty)
        {
            return Problem.Invalid("runId", "the update names no run.");
        }

        if (!Enum.IsDefined(update.State))
        {
            return Problem.Invalid("state", "the state is not one of accepted, refused, running, failed.");
        }

        if (update.Reason is { Length: > MaxReasonLength })
        {
            return Problem.Invalid("reason", $"at most {MaxReasonLength} characters.");
        }

        var node = receipt.Node.Id;
        return await uow.RunAsync<Done>(async (scope, ct) =>
        {
            var asked = await scope.Db.FederatedRunNodes.FirstOrDefaultAsync(r => r.RunId == update.RunId && r.NodeId == node, ct);
            if (asked is null)
            {
                return Problem.Conflict("No such run.", $"run {update.RunId} was not sent to node {node}.", "run-not-sent");
            }

            if (FederatedRunStates.IsFinal(asked.State))
            {
                return Problem.Conflict("The run has ended.", $"run {update.RunId} is {asked.State} at node {node}; it takes no more updates.", "run-ended");
            }

            var state = FederatedRunStates.Of(update.State);
            if (state == FederatedRunStates.Accepted && asked.State == FederatedRunStates.Running)
            {
                // A late copy of the acceptance: the run already runs.
                return Done.Value;
            }

            asked.State = state;
            asked.Reason = update.Reason;
            asked.UpdatedAt = scope.Now;
            scope.Audit(Actor.System($"federation-node:{node}").Audit(AuditActions.FederationRunUpdated) with
            {
                Outcome = state is FederatedRunStates.Refused or FederatedRunStates.Failed ? AuditOutcomes.Failure : AuditOutcomes.Success,
                TargetType = "federation-run",
                TargetId = update.RunId.ToString(),
                Details = new Dictionary<string, string?> { ["node"] = node, ["state"] = state, ["reason"] = update.Reason, ["message"] = receipt.Message.Id.ToString() },
            });
            return Done.Value;
        }, cancellationToken);
    }
}
