using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A data holder at the node decides on a run: approves or refuses it while it awaits approval, releases or withholds
/// its checked result while it awaits release. Only a data holder of every organisation whose datasets the run reads
/// decides (an admin of the node runs the node, not the data); a refusal or a withheld result says why, and that
/// reason is what the hub learns. One decision wins: a second, or one on a run that moved on, is a conflict. The
/// node's link reports the new state to the hub on its next round; the decision is in the node's audit chain.
/// </summary>
public sealed class DecideNodeRun(UnitOfWork uow)
{
    public const int MaxReasonLength = 2000;

    public Task<Outcome<NodeRun>> RunAsync(Actor actor, Guid id, NodeRunDecision decision, string? reason, CancellationToken cancellationToken)
    {
        if (!actor.Identity.IsSignedIn)
        {
            return Task.FromResult<Outcome<NodeRun>>(Problem.NotFound("node-run", id));
        }

        var (from, to, action) = decision switch
        {
            NodeRunDecision.Approve => (NodeRunStates.AwaitingApproval, NodeRunStates.Approved, AuditActions.FederationRunApproved),
            NodeRunDecision.Refuse => (NodeRunStates.AwaitingApproval, NodeRunStates.Refused, AuditActions.FederationRunDeclined),
            NodeRunDecision.Release => (NodeRunStates.AwaitingRelease, NodeRunStates.Released, AuditActions.FederationResultReleased),
            NodeRunDecision.Withhold => (NodeRunStates.AwaitingRelease, NodeRunStates.Withheld, AuditActions.FederationResultWithheld),
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
        };
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (decision is NodeRunDecision.Refuse or NodeRunDecision.Withhold && reason is null)
        {
            return Task.FromResult<Outcome<NodeRun>>(Problem.Invalid("reason", "say why: the researcher is told this reason, and nothing else of the run."));
        }

        if (reason is { Length: > MaxReasonLength })
        {
            return Task.FromResult<Outcome<NodeRun>>(Problem.Invalid("reason", $"at most {MaxReasonLength} characters."));
        }

        return uow.RunAsync<NodeRun>(async (scope, ct) =>
        {
            var run = await scope.Db.NodeRuns.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (run is null)
            {
                return Problem.NotFound("node-run", id);
            }

            var organisations = await NodeRunHolders.OrganisationsAsync(scope.Db, run, ct);
            if (!NodeRunHolders.Sees(actor.Identity, organisations))
            {
                return Problem.NotFound("node-run", id, hidesExisting: true);
            }

            if (!NodeRunHolders.Decides(actor.Identity, organisations))
            {
                var held = string.Join(", ", actor.Identity.DataHolderOrganizations.Order(StringComparer.Ordinal));
                return Problem.Forbidden(
                    "Only the data holders of the run's datasets decide.",
                    $"run {id} reads datasets of {string.Join(", ", organisations)}; you hold data for {(held.Length > 0 ? held : "no organisation")}.",
                    "data-holder-of-every-dataset");
            }

            if (run.State != from)
            {
                return Problem.Conflict(
                    decision is NodeRunDecision.Approve or NodeRunDecision.Refuse ? "The run does not await approval." : "The run's result does not await release.",
                    $"run {id} is {run.State}.",
                    "node-run-state");
            }

            var now = scope.Now;
            run.State = to;
            run.UpdatedAt = now;
            if (decision is NodeRunDecision.Approve or NodeRunDecision.Refuse)
            {
                run.DecidedBy = actor.Subject;
                run.DecidedAt = now;
            }
            else
            {
                run.ReleasedBy = actor.Subject;
                run.ReleasedAt = now;
            }

            run.Reason = decision switch
            {
                NodeRunDecision.Refuse => $"Refused by a data holder at this node: {reason}",
                NodeRunDecision.Withhold => $"The result was withheld by a data holder at this node: {reason}",
                _ => run.Reason,
            };
            scope.Audit(actor.Audit(action) with
            {
                Outcome = decision is NodeRunDecision.Refuse or NodeRunDecision.Withhold ? AuditOutcomes.Denied : AuditOutcomes.Success,
                TargetType = "federation-run",
                TargetId = id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["image"] = run.Image,
                    ["requester"] = run.RequesterSubject,
                    ["tenant"] = run.RequesterTenant,
                    ["datasets"] = string.Join(",", run.Datasets),
                    ["reason"] = reason,
                },
            });
            return run;
        }, cancellationToken, () => Problem.Conflict("The run was decided meanwhile.", $"run {id} changed while you decided; read it again.", "node-run-state"));
    }
}
