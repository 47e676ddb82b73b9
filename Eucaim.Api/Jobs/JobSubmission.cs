using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Jobs;

/// <summary>
/// Checks a job request against every rule (shape, allow-list, flavor, runtime, grants, quota) and,
/// when nothing is refused, builds the job row. The dry run and the real submission share this, so
/// a dry run that passes is a submission that passes.
/// </summary>
internal sealed class JobSubmission(EucaimDbContext db, IDatasetGrants grants, TimeProvider clock)
{
    public sealed record Outcome(Job? Job, IReadOnlyList<JobRefusal> Refusals);

    public async Task<Outcome> EvaluateAsync(SubmitJobRequest request, Tenant tenant, string submittedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var refusals = JobRules.ValidateShape(request.Name, request.Command, request.Arguments, request.Environment);

        JobImage? image = null;
        if (string.IsNullOrWhiteSpace(request.Image))
        {
            refusals.Add(JobRefusal.Invalid("image", "image-required", "image is required: one of the allow-listed images (GET /api/job-images)."));
        }
        else
        {
            image = await db.JobImages.AsNoTracking().FirstOrDefaultAsync(i => i.Reference == request.Image, cancellationToken);
            if (image is null)
            {
                refusals.Add(JobRefusal.Invalid("image", "image-not-allowed", $"image '{request.Image}' is not on the allow-list (GET /api/job-images)."));
            }
        }

        Flavor? flavor = null;
        if (string.IsNullOrWhiteSpace(request.Flavor))
        {
            refusals.Add(JobRefusal.Invalid("flavor", "flavor-required", "flavor is required (GET /api/flavors)."));
        }
        else
        {
            flavor = await db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == request.Flavor, cancellationToken);
            if (flavor is null)
            {
                refusals.Add(JobRefusal.Invalid("flavor", "flavor-unknown", $"flavor '{request.Flavor}' does not exist (GET /api/flavors)."));
            }
            else if (!tenant.AllowedFlavors.Contains(flavor.Name))
            {
                refusals.Add(JobRefusal.Forbidden("flavor", "flavor-not-allowed", $"tenant '{tenant.Slug}' may not use flavor '{flavor.Name}'; allowed: {string.Join(", ", tenant.AllowedFlavors)}."));
            }
        }

        var runtime = request.MaxRuntimeMinutes ?? Math.Min(flavor?.MaxRuntimeMinutes ?? 60, tenant.Quota.MaxJobRuntimeMinutes);
        if (runtime < 1)
        {
            refusals.Add(JobRefusal.Invalid("maxRuntimeMinutes", "runtime-positive", "maxRuntimeMinutes must be at least 1."));
        }
        else if (flavor is not null && runtime > flavor.MaxRuntimeMinutes)
        {
            refusals.Add(JobRefusal.Invalid("maxRuntimeMinutes", "runtime-over-flavor-maximum", $"maxRuntimeMinutes {runtime} exceeds flavor '{flavor.Name}''s maximum of {flavor.MaxRuntimeMinutes}."));
        }
        else if (runtime > tenant.Quota.MaxJobRuntimeMinutes)
        {
            refusals.Add(JobRefusal.Conflict("maxRuntimeMinutes", "runtime-over-tenant-maximum", $"maxRuntimeMinutes {runtime} exceeds tenant '{tenant.Slug}''s maximum of {tenant.Quota.MaxJobRuntimeMinutes}."));
        }

        var datasets = new List<JobDataset>();
        var requested = request.Datasets ?? [];
        if (requested.Count > JobRules.MaxDatasets)
        {
            refusals.Add(JobRefusal.Invalid("datasets", "datasets-count", $"at most {JobRules.MaxDatasets} datasets per job."));
        }
        else if (requested.Distinct().Count() != requested.Count)
        {
            refusals.Add(JobRefusal.Invalid("datasets", "datasets-unique", "a dataset may be listed once."));
        }
        else
        {
            for (var i = 0; i < requested.Count; i++)
            {
                var grant = await grants.FindActiveAsync(tenant.Id, requested[i], cancellationToken);
                if (grant is null)
                {
                    refusals.Add(JobRefusal.Forbidden($"datasets[{i}]", "dataset-no-grant",
                        $"tenant '{tenant.Slug}' has no active grant for dataset {requested[i]} (request access first: it may have expired or been revoked)."));
                }
                else if (grant.Version < 1)
                {
                    refusals.Add(JobRefusal.Conflict($"datasets[{i}]", "dataset-not-published", $"dataset {requested[i]} has no published version yet."));
                }
                else
                {
                    datasets.Add(new JobDataset { DatasetId = requested[i], Version = grant.Version, GrantId = grant.GrantId, MountName = JobRules.MountName(requested[i]) });
                }
            }
        }

        if (tenant.State != TenantState.Active)
        {
            refusals.Add(JobRefusal.Conflict("tenant", "tenant-not-active", $"tenant '{tenant.Slug}' is {tenant.State.ToString().ToLowerInvariant()}: nothing new may run."));
        }
        else if (flavor is not null && flavor.GpuCount > tenant.Quota.Gpus)
        {
            refusals.Add(JobRefusal.Conflict("flavor", "quota-gpus", $"flavor '{flavor.Name}' needs {flavor.GpuCount} GPU(s); tenant '{tenant.Slug}''s quota is {tenant.Quota.Gpus}."));
        }
        else if (tenant.Quota.ConcurrentJobs < 1)
        {
            refusals.Add(JobRefusal.Conflict("tenant", "quota-concurrent-jobs", $"tenant '{tenant.Slug}' may run no jobs (concurrentJobs quota 0)."));
        }
        else
        {
            var queued = await db.Jobs.CountAsync(j => j.TenantId == tenant.Id && j.Status == JobStatus.Queued, cancellationToken);
            if (queued >= JobRules.MaxQueuedPerTenant)
            {
                refusals.Add(JobRefusal.Conflict("tenant", "quota-queue", $"tenant '{tenant.Slug}' already has {queued} queued jobs (at most {JobRules.MaxQueuedPerTenant})."));
            }
        }

        if (refusals.Count > 0)
        {
            return new Outcome(null, refusals);
        }

        var job = new Job
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.Id,
            TenantSlug = tenant.Slug,
            Name = request.Name!,
            Image = image!.Reference,
            ImageDigest = image.Digest,
            Command = request.Command ?? [],
            Arguments = request.Arguments ?? [],
            Environment = request.Environment ?? [],
            Flavor = flavor!.Name,
            GpuCount = flavor.GpuCount,
            Datasets = datasets,
            MaxRuntimeMinutes = runtime,
            Status = JobStatus.Queued,
            Reason = "Waiting for the dispatcher.",
            SubmittedBy = submittedBy,
            SubmittedAt = now,
        };
        return new Outcome(job, []);
    }

    /// <summary>The variables the platform sets in every job, as a job will see them.</summary>
    public static Dictionary<string, string> PlatformEnvironment(Job job)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EUCAIM_JOB_ID"] = job.Id.ToString(),
            ["EUCAIM_TENANT"] = job.TenantSlug,
            ["EUCAIM_DATASETS"] = "/data",
            ["EUCAIM_OUTPUT"] = "/output",
        };
        foreach (var dataset in job.Datasets)
        {
            environment[dataset.PathVariable] = $"/data/{dataset.MountName}";
        }

        return environment;
    }
}
