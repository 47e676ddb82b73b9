using Eucaim.Core.Tenants;

namespace Eucaim.Core.Jobs;

/// <summary>
/// Every rule a job request must pass (shape, allow-list, flavor, runtime, grants, tenant state and
/// quota), checked all at once against facts read beforehand, so a dry run explains everything wrong
/// with a request and a dry run that passes is a submission that passes.
/// </summary>
public static class JobAdmission
{
    /// <summary>
    /// What the rules need from the database: the allow-listed image and the flavor named by the
    /// draft (null when unknown), the active grant of each requested dataset in order (null when
    /// none; looked up only when the dataset list itself is valid), and the tenant's queued jobs.
    /// </summary>
    public sealed record Facts(JobImage? Image, Flavor? Flavor, IReadOnlyList<ActiveGrant?> Grants, int Queued);

    /// <summary>Whether the dataset list is valid in itself, so that its grants are worth looking up.</summary>
    public static bool DatasetsAreListable(IReadOnlyList<Guid>? datasets) =>
        datasets is null || (datasets.Count <= JobRules.MaxDatasets && datasets.Distinct().Count() == datasets.Count);

    /// <summary>The job to queue, or every refusal (then the job is null).</summary>
    public static (Job? Job, IReadOnlyList<JobRefusal> Refusals) Evaluate(JobDraft draft, Tenant tenant, Facts facts, string submittedBy, DateTimeOffset now)
    {
        var refusals = JobRules.ValidateShape(draft.Name, draft.Command, draft.Arguments, draft.Environment);
        var image = CheckImage(draft.Image, facts.Image, refusals);
        var flavor = CheckFlavor(draft.Flavor, facts.Flavor, tenant, refusals);
        var runtime = CheckRuntime(draft, tenant, flavor, refusals);
        var datasets = CheckDatasets(draft, tenant, facts, refusals);
        CheckTenant(tenant, flavor, facts.Queued, refusals);
        if (refusals.Count > 0 || image is null || flavor is null)
        {
            return (null, refusals);
        }

        return (new Job
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.Id,
            TenantSlug = tenant.Slug,
            Name = draft.Name!,
            Image = image.Reference,
            ImageDigest = image.Digest,
            Command = draft.Command ?? [],
            Arguments = draft.Arguments ?? [],
            Environment = draft.Environment ?? [],
            Flavor = flavor.Name,
            GpuCount = flavor.GpuCount,
            Datasets = datasets,
            MaxRuntimeMinutes = runtime,
            Status = JobStatus.Queued,
            Reason = "Waiting for the dispatcher.",
            SubmittedBy = submittedBy,
            SubmittedAt = now,
        }, refusals);
    }

    /// <summary>The runtime a job gets: the one asked for, else the flavor's maximum (60 minutes without a flavor) capped by the tenant's.</summary>
    public static int Runtime(int? asked, Flavor? flavor, TenantQuota quota) =>
        asked ?? Math.Min(flavor?.MaxRuntimeMinutes ?? 60, quota.MaxJobRuntimeMinutes);

    /// <summary>The image rules of a submission, shared with federated runs: <paramref name="found"/> is the allow-list's entry for <paramref name="image"/>.</summary>
    internal static JobImage? CheckImage(string? image, JobImage? found, List<JobRefusal> refusals)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            refusals.Add(JobRefusal.Invalid("image", "image-required", "image is required: one of the allow-listed images (GET /api/job-images)."));
            return null;
        }

        if (found is null)
        {
            refusals.Add(JobRefusal.Invalid("image", "image-not-allowed", $"image '{image}' is not on the allow-list (GET /api/job-images)."));
        }

        return found;
    }

    /// <summary>The flavor rules of a submission, shared with federated runs: <paramref name="found"/> is the flavor named <paramref name="name"/>.</summary>
    internal static Flavor? CheckFlavor(string? name, Flavor? found, Tenant tenant, List<JobRefusal> refusals)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            refusals.Add(JobRefusal.Invalid("flavor", "flavor-required", "flavor is required (GET /api/flavors)."));
            return null;
        }

        if (found is not { } flavor)
        {
            refusals.Add(JobRefusal.Invalid("flavor", "flavor-unknown", $"flavor '{name}' does not exist (GET /api/flavors)."));
            return null;
        }

        if (!tenant.AllowedFlavors.Contains(flavor.Name))
        {
            refusals.Add(JobRefusal.Forbidden("flavor", "flavor-not-allowed", $"tenant '{tenant.Slug}' may not use flavor '{flavor.Name}'; allowed: {string.Join(", ", tenant.AllowedFlavors)}."));
        }

        return flavor;
    }

    private static int CheckRuntime(JobDraft draft, Tenant tenant, Flavor? flavor, List<JobRefusal> refusals)
    {
        var runtime = Runtime(draft.MaxRuntimeMinutes, flavor, tenant.Quota);
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

        return runtime;
    }

    private static List<JobDataset> CheckDatasets(JobDraft draft, Tenant tenant, Facts facts, List<JobRefusal> refusals)
    {
        var datasets = new List<JobDataset>();
        var requested = draft.Datasets ?? [];
        if (requested.Count > JobRules.MaxDatasets)
        {
            refusals.Add(JobRefusal.Invalid("datasets", "datasets-count", $"at most {JobRules.MaxDatasets} datasets per job."));
            return datasets;
        }

        if (requested.Distinct().Count() != requested.Count)
        {
            refusals.Add(JobRefusal.Invalid("datasets", "datasets-unique", "a dataset may be listed once."));
            return datasets;
        }

        for (var i = 0; i < requested.Count; i++)
        {
            var grant = i < facts.Grants.Count ? facts.Grants[i] : null;
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

        return datasets;
    }

    private static void CheckTenant(Tenant tenant, Flavor? flavor, int queued, List<JobRefusal> refusals)
    {
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
        else if (queued >= JobRules.MaxQueuedPerTenant)
        {
            refusals.Add(JobRefusal.Conflict("tenant", "quota-queue", $"tenant '{tenant.Slug}' already has {queued} queued jobs (at most {JobRules.MaxQueuedPerTenant})."));
        }
    }
}
