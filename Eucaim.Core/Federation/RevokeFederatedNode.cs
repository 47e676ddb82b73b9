using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>An admin revokes a node: it gets no more queries and its messages are refused. Revoking a revoked node changes nothing.</summary>
public sealed class RevokeFederatedNode(UnitOfWork uow)
{
    public Task<Outcome<FederatedNode>> RunAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        uow.RunAsync<FederatedNode>(async (scope, ct) =>
        {
            var node = await scope.Db.FederatedNodes.FirstOrDefaultAsync(n => n.Id == id, ct);
            if (node is null)
            {
                return Problem.NotFound("federated node", id);
            }

            if (node.State == FederatedNodeState.Revoked)
            {
                return node;
            }

            node.State = FederatedNodeState.Revoked;
            node.RevokedAt = scope.Now;
            node.RevokedBy = actor.Subject;

            // Messages still waiting for the node are withdrawn: a revoked node gets no queries.
            await scope.Db.FederatedQueryNodes.Where(q => q.NodeId == id && q.AnsweredAt == null && q.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.AnswerBy, scope.Now), ct);
            scope.Audit(actor.Audit(AuditActions.FederationNodeRevoked) with
            {
                TargetType = "federation-node",
                TargetId = id,
                Details = new Dictionary<string, string?> { ["fingerprint"] = node.Fingerprint },
            });
            return node;
        }, cancellationToken);
}
