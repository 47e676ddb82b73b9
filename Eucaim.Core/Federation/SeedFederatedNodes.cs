using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Federation;

/// <summary>
/// Registers or updates the nodes of <see cref="FederationHubOptions.SeedNodes"/> (the local topology's),
/// idempotently: an unchanged node is left as it is; a changed key, organisation or dataset list is
/// updated and audited. A seed that names an unknown or central dataset stops the start.
/// </summary>
public sealed class SeedFederatedNodes(UnitOfWork uow, IOptions<FederationHubOptions> options)
{
    private static readonly Actor Seeder = Actor.System("federation-seed");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var seed in options.Value.SeedNodes)
        {
            var where = $"{FederationHubOptions.Section}:SeedNodes ({seed.Id})";
            var pem = (await File.ReadAllTextAsync(seed.PublicKeyFile, cancellationToken)).Trim();
            using var key = FederationKey.PublicFromPem(pem, out var keyProblem)
                ?? throw new InvalidOperationException($"{where}: PublicKeyFile {seed.PublicKeyFile}: {keyProblem}");
            var share = seed.DevShare is { } dev ? DevFederation.DatasetsOfNode(dev.Node, dev.Nodes) : [];
            var organisation = share.Count > 0 && string.IsNullOrWhiteSpace(seed.Organisation)
                ? string.Join(", ", share.Select(d => d.OrganizationAcronym).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                : seed.Organisation;
            var datasets = seed.Datasets.Concat(share.Select(d => SeedCatalogue.IdOf(d.DatasetKey))).Distinct().ToList();
            var errors = FederationRules.ValidateRegistration(seed.Id, organisation);
            if (errors.Count > 0 || await NodeDatasets.ProblemAsync(uow.Db, datasets, cancellationToken) is { } datasetProblem && errors.TryAdd("datasets", [datasetProblem]))
            {
                throw new InvalidOperationException($"{where}: {string.Join(" ", errors.Values.SelectMany(v => v))}");
            }

            var fingerprint = FederationKey.Fingerprint(key);
            // Replicas starting together race to insert the same node: the loser finds it registered, which is all it wanted.
            await uow.RunAsync<Done>(async (scope, ct) =>
            {
                var node = await scope.Db.FederatedNodes.FirstOrDefaultAsync(n => n.Id == seed.Id, ct);
                if (node is not null && node.PublicKey == pem && node.Organisation == organisation && node.Datasets.Order().SequenceEqual(datasets.Order()))
                {
                    return Done.Value;
                }

                if (node is null)
                {
                    node = new FederatedNode
                    {
                        Id = seed.Id,
                        Organisation = organisation,
                        PublicKey = pem,
                        Fingerprint = fingerprint,
                        RegisteredAt = scope.Now,
                        RegisteredBy = "system:federation-seed",
                        State = FederatedNodeState.Active,
                    };
                    scope.Db.FederatedNodes.Add(node);
                }

                node.Organisation = organisation;
                node.PublicKey = pem;
                node.Fingerprint = fingerprint;
                node.Datasets = datasets;
                scope.Audit(Seeder.Audit(AuditActions.FederationNodeRegistered) with
                {
                    TargetType = "federation-node",
                    TargetId = node.Id,
                    Details = new Dictionary<string, string?>
                    {
                        ["organisation"] = node.Organisation,
                        ["fingerprint"] = fingerprint,
                        ["datasets"] = string.Join(",", datasets),
                        ["seeded"] = "true",
                    },
                });
                return Done.Value;
            }, cancellationToken, lostRace: () => FederationProblems.DuplicateNode(seed.Id));
        }
    }
}
