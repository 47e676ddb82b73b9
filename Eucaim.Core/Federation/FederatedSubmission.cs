using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// The checks a federated run and a federated training share, as a job submission makes them (the image on the job
/// images allow-list, the flavor the tenant's, an active grant of the tenant on every dataset) and further: every
/// dataset federated and served by an active node, the arguments small and printable. The result: the tenant, every
/// refusal, and the plan of which node gets which datasets.
/// </summary>
public sealed class FederatedSubmission(EucaimDbContext db, IDatasetGrants grants)
{
    public const int MaxDatasets = 64;

    /// <summary>The datasets one node serves for a submission.</summary>
    public sealed record NodePart(FederatedNode Node, List<Guid> Datasets);

    /// <param name="Tenant">Null when the caller is no member of the named tenant (then <see cref="Problem"/> says so).</param>
    public sealed record Checked(Tenant? Tenant, Problem? Problem, List<JobRefusal> Refusals, List<NodePart> Nodes, List<Guid> Datasets, List<string> Arguments);

    public async Task<Checked> CheckAsync(
        Actor actor, string? tenantSlug, string? image, string? flavor, IReadOnlyList<Guid>? datasets, IReadOnlyList<string>? arguments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(tenantSlug))
        {
            return new(null, JobProblems.Refused([JobRefusal.Invalid("tenant", "tenant-required", "tenant is required: the slug of a tenant you belong to.")]), [], [], [], []);
        }

        var tenant = await db.Tenants.AsNoTracking().MemberTenants(actor.Identity).FirstOrDefaultAsync(t => t.Slug == tenantSlug, cancellationToken);
        if (tenant is null)
        {
            return new(null, JobProblems.TenantNotFound(tenantSlug), [], [], [], []);
        }

        var refusals = new List<JobRefusal>();
        var found = string.IsNullOrWhiteSpace(image) ? null : await db.JobImages.AsNoTracking().FirstOrDefaultAsync(i => i.Reference == image, cancellationToken);
        JobAdmission.CheckImage(image, found, refusals);
        var flavorFound = string.IsNullOrWhiteSpace(flavor) ? null : await db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == flavor, cancellationToken);
        JobAdmission.CheckFlavor(flavor, flavorFound, tenant, refusals);

        var args = arguments?.ToList() ?? [];
        if (args.Count > FederatedRunSchema.MaxArguments || args.Any(a => a is null || a.Length > FederatedRunSchema.MaxArgumentLength || a.Any(char.IsControl)))
        {
            refusals.Add(JobRefusal.Invalid("arguments", "arguments-invalid",
                $"at most {FederatedRunSchema.MaxArguments} arguments of at most {FederatedRunSchema.MaxArgumentLength} characters each, without control characters."));
        }

        var wanted = datasets?.Distinct().ToList() ?? [];
        var nodes = new List<NodePart>();
        if (wanted.Count == 0 || wanted.Count > MaxDatasets)
        {
            refusals.Add(JobRefusal.Invalid("datasets", "datasets-required", $"datasets is required: 1 to {MaxDatasets} federated datasets granted to the tenant."));
        }
        else
        {
            await PlanAsync(tenant, wanted, refusals, nodes, cancellationToken);
        }

        return new(tenant, null, refusals, nodes, wanted, args);
    }

    private async Task PlanAsync(Tenant tenant, List<Guid> datasets, List<JobRefusal> refusals, List<NodePart> nodes, CancellationToken cancellationToken)
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
            else if (nodes.FirstOrDefault(n => n.Node.Id == node.Id) is { } existing)
            {
                existing.Datasets.Add(dataset);
            }
            else
            {
                nodes.Add(new NodePart(node, [dataset]));
            }
        }
    }

    /// <summary>Records a refused submission in the audit trail (<paramref name="action"/>, denied, the refusals by field and rule).</summary>
    public static AuditEntry RefusedAudit(Actor actor, string action, string targetType, Tenant tenant, IReadOnlyList<JobRefusal> refusals) =>
        actor.Audit(action) with
        {
            Outcome = AuditOutcomes.Denied,
            TenantSlug = tenant.Slug,
            TargetType = targetType,
            Details = new Dictionary<string, string?> { ["refusals"] = string.Join("; ", refusals.Select(r => $"{r.Field}: {r.Rule}")) },
        };

    /// <summary>
    /// The researcher's organisation as the hub knows it: the identity provider gives no organisation claim, so it is
    /// the domain of the researcher's e-mail address (what a node's AllowedOrganisations lists).
    /// </summary>
    public static string? Organisation(PlatformIdentity identity) =>
        identity.Email is { } email && email.LastIndexOf('@') is var at and > 0 && at < email.Length - 1 ? email[(at + 1)..].ToLowerInvariant() : null;
}
