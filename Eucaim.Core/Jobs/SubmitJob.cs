using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>
/// A member submits a job to their tenant's queue, or with <see cref="JobDraft.DryRun"/> learns
/// whether it would be accepted, with what, and where it would queue. Every rule is in
/// <see cref="JobAdmission"/>; this reads its facts, records a refusal (not for dry runs) and
/// queues the job, its wake-up and its audit entry in one transaction.
/// </summary>
public sealed class SubmitJob(UnitOfWork uow, IDatasetGrants grants, JobPlacement placement, TimeProvider clock)
{
    /// <summary>The queued job (or the planned one, for a dry run) and its place in the queue.</summary>
    public sealed record Submitted(Job Job, JobPlace? Place, bool DryRun);

    public async Task<Outcome<Submitted>> RunAsync(Actor actor, JobDraft draft, CancellationToken cancellationToken)
    {
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

        var facts = await ReadFactsAsync(draft, tenant.Id, cancellationToken);
        var (job, refusals) = JobAdmission.Evaluate(draft, tenant, facts, actor.Subject, clock.GetUtcNow());
        if (job is null)
        {
            if (!draft.DryRun)
            {
                await uow.SaveWithAuditAsync([JobAudit.Refused(actor, tenant.Slug, refusals)], cancellationToken);
            }

            return JobProblems.Refused(refusals);
        }

        if (draft.DryRun)
        {
            var places = await placement.PlaceAsync(new JobQueue.Waiting(job.Id, job.TenantId, job.Flavor, job.GpuCount, job.SubmittedAt), cancellationToken);
            return new Submitted(job, places[job.Id], DryRun: true);
        }

        await uow.CommitAsync(async (scope, ct) =>
        {
            scope.Db.Jobs.Add(job);
            await JobChanges.NotifyAsync(scope.Db, job.Id, ct);
            scope.Audit(JobAudit.Submitted(actor, job));
        }, cancellationToken);

        var placed = await placement.PlaceAsync(null, cancellationToken);
        return new Submitted(job, placed.TryGetValue(job.Id, out var place) ? place : null, DryRun: false);
    }

    private async Task<JobAdmission.Facts> ReadFactsAsync(JobDraft draft, Guid tenantId, CancellationToken cancellationToken)
    {
        var db = uow.Db;
        var image = string.IsNullOrWhiteSpace(draft.Image) ? null
            : await db.JobImages.AsNoTracking().FirstOrDefaultAsync(i => i.Reference == draft.Image, cancellationToken);
        var flavor = string.IsNullOrWhiteSpace(draft.Flavor) ? null
            : await db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == draft.Flavor, cancellationToken);
        var found = new List<ActiveGrant?>();
        if (JobAdmission.DatasetsAreListable(draft.Datasets))
        {
            foreach (var dataset in draft.Datasets ?? [])
            {
                found.Add(await grants.FindActiveAsync(tenantId, dataset, cancellationToken));
            }
        }

        var queued = await db.Jobs.CountAsync(j => j.TenantId == tenantId && j.Status == JobStatus.Queued, cancellationToken);
        return new JobAdmission.Facts(image, flavor, found, queued);
    }
}
