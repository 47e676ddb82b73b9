using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>An admin registers a hospital's node: its id, its public key (compared out of band) and the federated datasets it serves.</summary>
public sealed class RegisterFederatedNode(UnitOfWork uow)
{
    public async Task<Outcome<FederatedNode>> RunAsync(Actor actor, NodeRegistration registration, CancellationToken cancellationToken)
    {
        var errors = FederationRules.ValidateRegistration(registration.Id, registration.Organisation);
        string? fingerprint = null;
        if (string.IsNullOrWhiteSpace(registration.PublicKey))
        {
            errors["publicKey"] = ["publicKey is required: the node's ES256 public key, PEM (-----BEGIN PUBLIC KEY-----)."];
        }
        else
        {
            using var key = FederationKey.PublicFromPem(registration.PublicKey, out var problem);
            if (key is null)
            {
                errors["publicKey"] = [$"publicKey: {problem}"];
            }
            else
            {
                fingerprint = FederationKey.Fingerprint(key);
            }
        }

        if (await NodeDatasets.ProblemAsync(uow.Db, registration.Datasets ?? [], cancellationToken) is { } datasetProblem)
        {
            errors["datasets"] = [datasetProblem];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var id = registration.Id!;
        return await uow.RunAsync<FederatedNode>(async (scope, ct) =>
        {
            if (await scope.Db.FederatedNodes.AnyAsync(n => n.Id == id, ct))
            {
                return FederationProblems.DuplicateNode(id);
            }

            var node = new FederatedNode
            {
                Id = id,
                Organisation = registration.Organisation!.Trim(),
                PublicKey = registration.PublicKey!.Trim(),
                Fingerprint = fingerprint!,
                Datasets = registration.Datasets!.Distinct().ToList(),
                State = FederatedNodeState.Active,
                RegisteredAt = scope.Now,
                RegisteredBy = actor.Subject,
            };
            scope.Db.FederatedNodes.Add(node);
            scope.Audit(actor.Audit(AuditActions.FederationNodeRegistered) with
            {
                TargetType = "federation-node",
                TargetId = id,
                Details = new Dictionary<string, string?>
                {
                    ["organisation"] = node.Organisation,
                    ["fingerprint"] = node.Fingerprint,
                    ["datasets"] = string.Join(",", node.Datasets),
                },
            });
            return node;
        }, cancellationToken, lostRace: () => FederationProblems.DuplicateNode(id));
    }
}
