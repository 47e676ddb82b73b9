using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A tenant member submits a federated validation run. Checked as a job submission is (the image on the job
/// images allow-list, the flavor the tenant's, an active grant of the tenant on every dataset) and further:
/// every dataset federated and served by an active node, the result schema from the fixed vocabulary. One
/// run request per node, with only that node's datasets, waits for the node's poll; every refusal is audited.
/// </summary>
public sealed class SubmitFederatedRun(UnitOfWork uow, IDatasetGrants grants, FederationHubKey hubKey)
{
    public const int MaxDatasets = 64;

    public async Task<Outcome<FederatedRun>> RunAsync(Actor actor, FederatedRunDraft draft, CancellationToken cancellationToken)
    {
        if (hubKey.NotSetUp is { } notSetUp)
        {
            return notSetUp;
        }

        var db = uow.Db;
        if (string.IsNullOrWhiteSpace(draft.Tenant))
        {
            return JobProblems.Refused([JobRefusal.Invalid("tenant", "tenant-required", "tenant is required: the slug of a tenant you belong to.")]);
        }

        var tenant = await db.Tenants.AsNoTracking().MemberTenants(actor.Identity).FirstOrDefaultAsync(t => t.Slug == draft.Tenant, cancellationToken);
        if (tenant is null)
        {
            return JobProblems.TenantNotFound(draft.Tenant);
        }

        var refusals = new List<JobRefusal>();
        var image = string.IsNullOrWhiteSpace(draft.Image) ? null
            : await db.JobImages.AsNoTracking().FirstOrDefaultAsync(i => i.Reference == draft.Image, cancellationToken);
        JobAdmission.CheckImage(draft.Image, image, refusals);
        var flavor = string.IsNullOrWhiteSpace(draft.Flavor) ? null
            : await db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == draft.Flavor, cancellationToken);
        JobAdmission.CheckFlavor(draft.Flavor, flavor, tenant, refusals);

        foreach (var (field, errors) in FederatedRunSchema.Validate(draft.Metrics, draft.Counts))
        {
            refusals.Add(JobRefusal.Invalid(field, $"{field}-invalid", errors[0]));
        }

        var arguments = draft.Arguments ?? [];
        if (arguments.Count > FederatedRunSchema.MaxArguments || arguments.Any(a => a is null || a.Length > FederatedRunSchema.MaxArgumentLength || a.Any(char.IsControl)))
        {
            refusals.Add(JobRefusal.Invalid("arguments", "arguments-invalid",
                $"at most {FederatedRunSchema.MaxArguments} arguments of at most {FederatedRunSchema.MaxArgumentLength} characters each, without control characters."));
        }

        var datasets = draft.Datasets?.Distinct().ToList() ?? [];
        var nodes = new List<(FederatedNode Node, List<Guid> Datasets)>();
        if (datasets.Count == 0 || datasets.Count > MaxDatasets)
        {
            refusals.Add(JobRefusal.Invalid("datasets", "datasets-required", $"datasets is required: 1 to {MaxDatasets} federated datasets granted to the tenant."));
        }
        else
        {
            var federated = await db.CatalogueEntries.AsNoTracking()
                .Where(e => datasets.Contains(e.DatasetId) && e.SharingMode == SharingMode.FederatedNode).Select(e => e.DatasetId).ToListAsync(cancellationToken);
            // A dataset runs at one node: when several active nodes list it, the one registered last (a hospital that
            // re-registered under a new id replaces its old node until that one is revoked).
            var active = await db.FederatedNodes.AsNoTracking().Where(n => n.State == FederatedNodeState.Active)
                .OrderByDescending(n => n.RegisteredAt).ThenBy(n => n.Id).ToListAsync(cancellationToken);
            foreach (var dataset in datasets)
            {
                var node = active.FirstOrDefault(n => n.Datasets.Contains(dataset));
                if (!federated.Contains(dataset))
                {
                    refusals.Add(JobRefusal.Invalid("datasets", "dataset-not-federated", $"dataset {dataset} is not a published federated dataset."));
                }
                else if (node is null)
                {
                    refusals.Add(JobRefusal.Invalid("datasets", "dataset-no-node", $"no active node serves dataset {dataset}."));
                }
                else if (await grants.FindActiveAsync(tenant.Id, dataset, cancellationToken) is null)
                {
                    refusals.Add(JobRefusal.Forbidden("datasets", "grant-missing", $"tenant '{tenant.Slug}' has no active grant on dataset {dataset}."));
                }
                else if (nodes.FirstOrDefault(n => n.Node.Id == node.Id) is { Node: not null } existing)
                {
                    existing.Datasets.Add(dataset);
                }
                else
                {
                    nodes.Add((node, [dataset]));
                }
            }
        }

        if (refusals.Count > 0)
        {
            await uow.SaveWithAuditAsync([actor.Audit(AuditActions.FederationRunSubmitted) with
            {
                Outcome = AuditOutcomes.Denied,
                TenantSlug = tenant.Slug,
                TargetType = "federation-run",
                Details = new Dictionary<string, string?> { ["refusals"] = string.Join("; ", refusals.Select(r => $"{r.Field}: {r.Rule}")) },
            }], cancellationToken);
            return JobProblems.Refused(refusals);
        }

        var metrics = draft.Metrics!.ToList();
        var counts = draft.Counts?.ToList() ?? [];
        return await uow.RunAsync<FederatedRun>(async (scope, ct) =>
        {
            var run = new FederatedRun
            {
                Id = Guid.CreateVersion7(scope.Now),
                TenantId = tenant.Id,
                TenantSlug = tenant.Slug,
                SubmittedBy = actor.Subject,
                SubmittedAt = scope.Now,
                Image = draft.Image!,
                Flavor = draft.Flavor!,
                Datasets = datasets,
                Metrics = metrics,
                Counts = counts,
                Arguments = [.. arguments],
            };
            var requester = new RunRequester(actor.Subject, tenant.Slug, Organisation(actor.Identity));
            foreach (var (node, ofNode) in nodes)
            {
                var request = new RunRequest(run.Id, run.Image, ofNode, run.Flavor, new RunResultSchema(metrics, counts), requester, run.Arguments);
                run.Nodes.Add(new FederatedRunNode
                {
                    RunId = run.Id,
                    NodeId = node.Id,
                    Request = JsonSerializer.Serialize(request, FederationJson.Options),
                    Datasets = ofNode,
                    State = FederatedRunStates.Pending,
                    UpdatedAt = scope.Now,
                });
            }

            scope.Db.FederatedRuns.Add(run);
            scope.Audit(actor.Audit(AuditActions.FederationRunSubmitted) with
            {
                TenantSlug = tenant.Slug,
                TargetType = "federation-run",
                TargetId = run.Id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["image"] = run.Image,
                    ["flavor"] = run.Flavor,
                    ["datasets"] = string.Join(",", datasets),
                    ["metrics"] = string.Join(",", metrics),
                    ["counts"] = string.Join(",", counts),
                    ["nodes"] = string.Join(",", nodes.Select(n => n.Node.Id)),
                },
            });
            await scope.Db.SaveChangesAsync(ct);
            foreach (var (node, _) in nodes)
            {
                await scope.Db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.FederationQueued}, {node.Id})", ct);
            }

            return run;
        }, cancellationToken);
    }

    /// <summary>
    /// The researcher's organisation as the hub knows it: the identity provider gives no organisation claim, so it is
    /// the domain of the researcher's e-mail address (what a node's AllowedOrganisations lists).
    /// </summary>
    public static string? Organisation(PlatformIdentity identity) =>
        identity.Email is { } email && email.LastIndexOf('@') is var at and > 0 && at < email.Length - 1 ? email[(at + 1)..].ToLowerInvariant() : null;
}
