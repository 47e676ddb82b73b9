using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's result of a run: accepted only when it matches the run's declared schema exactly
/// (<see cref="FederatedRunSchema"/>: no other field, only declared metrics as finite numbers, only declared counts,
/// well formed) and comes from a node the run was sent to, while the run is not over there. Anything else is
/// refused (400), audited as <see cref="AuditActions.FederationResultRefused"/>, and the node's part of the run is
/// then <c>result-refused</c>: nothing of a refused result is kept.
/// </summary>
public sealed class AcceptRunResult(UnitOfWork uow)
{
    public async Task<Outcome<Done>> RunAsync(LinkReceipt receipt, CancellationToken cancellationToken)
    {
        var node = receipt.Node.Id;
        var runId = receipt.Message.Body.ValueKind == JsonValueKind.Object
            && receipt.Message.Body.TryGetProperty("runId", out var id) && id.ValueKind == JsonValueKind.String && id.TryGetGuid(out var parsed)
            ? parsed : Guid.Empty;
        if (runId == Guid.Empty)
        {
            return await RefuseAsync(receipt, null, "runId", "the result names no run.", cancellationToken);
        }

        var asked = await uow.Db.FederatedRunNodes.AsNoTracking().FirstOrDefaultAsync(r => r.RunId == runId && r.NodeId == node, cancellationToken);
        if (asked is null)
        {
            return await RefuseAsync(receipt, null, "runId", $"run {runId} was not sent to node {node}.", cancellationToken);
        }

        if (FederatedRunStates.IsFinal(asked.State))
        {
            return await RefuseAsync(receipt, null, "runId", $"run {runId} is {asked.State} at node {node}; it takes no result.", cancellationToken);
        }

        var result = FederatedRunSchema.Read(receipt.Message.Body, out var unreadable);
        if (result is null)
        {
            return await RefuseAsync(receipt, asked, "body", unreadable!, cancellationToken);
        }

        var schema = JsonSerializer.Deserialize<RunRequest>(asked.Request, FederationJson.Options)!.Schema;
        if (FederatedRunSchema.Check(result, schema) is { } mismatch)
        {
            return await RefuseAsync(receipt, asked, mismatch.Field, mismatch.Problem, cancellationToken);
        }

        return await uow.RunAsync<Done>(async (scope, ct) =>
        {
            var row = await scope.Db.FederatedRunNodes.FirstAsync(r => r.RunId == runId && r.NodeId == node, ct);
            if (FederatedRunStates.IsFinal(row.State))
            {
                return Problem.Conflict("The run has ended.", $"run {runId} is {row.State} at node {node}.", "run-ended");
            }

            row.State = FederatedRunStates.Succeeded;
            row.Reason = null;
            row.Result = JsonSerializer.Serialize(result, FederationJson.Options);
            row.UpdatedAt = scope.Now;
            scope.Audit(NodeActor(node).Audit(AuditActions.FederationResultAccepted) with
            {
                TargetType = "federation-run",
                TargetId = runId.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["node"] = node,
                    ["metrics"] = string.Join(",", result.Metrics.Keys),
                    ["counts"] = string.Join(",", result.Counts?.Keys ?? []),
                    ["message"] = receipt.Message.Id.ToString(),
                },
            });
            return Done.Value;
        }, cancellationToken);
    }

    private static Actor NodeActor(string node) => Actor.System($"federation-node:{node}");

    /// <summary>Audits the refusal and, for a run sent to the node and not over, marks its part <c>result-refused</c>; then the 400.</summary>
    private async Task<Outcome<Done>> RefuseAsync(LinkReceipt receipt, FederatedRunNode? asked, string field, string reason, CancellationToken cancellationToken)
    {
        var node = receipt.Node.Id;
        await uow.CommitAsync(async (scope, ct) =>
        {
            if (asked is not null)
            {
                var row = await scope.Db.FederatedRunNodes.FirstAsync(r => r.RunId == asked.RunId && r.NodeId == node, ct);
                if (!FederatedRunStates.IsFinal(row.State))
                {
                    row.State = FederatedRunStates.ResultRefused;
                    row.Reason = $"The result was refused: {field}: {reason}";
                    row.UpdatedAt = scope.Now;
                }
            }

            scope.Audit(NodeActor(node).Audit(AuditActions.FederationResultRefused) with
            {
                Outcome = AuditOutcomes.Denied,
                TargetType = "federation-run",
                TargetId = asked?.RunId.ToString(),
                Details = new Dictionary<string, string?> { ["node"] = node, ["field"] = field, ["reason"] = reason, ["message"] = receipt.Message.Id.ToString() },
            });
        }, cancellationToken);
        return Problem.Invalid(field, reason, "The run result is refused.");
    }
}
