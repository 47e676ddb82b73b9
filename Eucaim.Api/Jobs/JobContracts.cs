using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;

namespace Eucaim.Api.Jobs;

/// <summary>The body of <c>POST /api/jobs</c>; <see cref="DryRun"/> validates and plans without submitting.</summary>
public sealed record SubmitJobRequest(
    string? Tenant,
    string? Name,
    string? Image,
    List<string>? Command,
    List<string>? Arguments,
    Dictionary<string, string>? Environment,
    string? Flavor,
    List<Guid>? Datasets,
    int? MaxRuntimeMinutes,
    bool DryRun = false)
{
    public JobDraft ToDraft() => new(Tenant, Name, Image, Command, Arguments, Environment, Flavor, Datasets, MaxRuntimeMinutes, DryRun);
}

public sealed record JobDatasetResponse(Guid DatasetId, int Version, Guid? GrantId, string MountPath, string PathVariable);

public sealed record JobResponse(
    Guid Id,
    string Tenant,
    string Name,
    string Image,
    string? ImageDigest,
    List<string> Command,
    List<string> Arguments,
    Dictionary<string, string> Environment,
    string Flavor,
    int Gpus,
    List<JobDatasetResponse> Datasets,
    int MaxRuntimeMinutes,
    string Status,
    string? Reason,
    int? ExitCode,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? RunningAt,
    DateTimeOffset? FinishedAt,
    int? Position,
    DateTimeOffset? EstimatedStartAt,
    bool LogsArchived,
    int OutputFileCount)
{
    public static JobResponse From(Job job, JobPlace? place = null) => new(
        job.Id, job.TenantSlug, job.Name, job.Image, job.ImageDigest, job.Command, job.Arguments, job.Environment, job.Flavor, job.GpuCount,
        [.. job.Datasets.Select(Dataset)], job.MaxRuntimeMinutes, job.Status.ToString(), job.Reason, job.ExitCode,
        job.SubmittedBy, job.SubmittedAt, job.StartedAt, job.RunningAt, job.FinishedAt, place?.Position, place?.EstimatedStart,
        job.CollectedAt is not null, job.OutputFileCount);

    public static JobResponse From(GetJob.Found found) => From(found.Job, found.Place);

    public static JobDatasetResponse Dataset(JobDataset d) => new(d.DatasetId, d.Version, d.GrantId, $"{JobEnvironment.PodDatasetsPath}/{d.MountName}", d.PathVariable);
}

/// <summary>What a dry run would submit: the resolved versions, mounts and variables, and where it would queue.</summary>
public sealed record JobPlanResponse(
    bool Valid,
    string Tenant,
    string Name,
    string Image,
    string? ImageDigest,
    string Flavor,
    int Gpus,
    int MaxRuntimeMinutes,
    List<JobDatasetResponse> Datasets,
    Dictionary<string, string> PlatformEnvironment,
    int Position,
    DateTimeOffset EstimatedStartAt)
{
    /// <summary>The plan of a dry run: the environment as the job will see it in a pod.</summary>
    public static JobPlanResponse From(Job job, JobPlace place) => new(true, job.TenantSlug, job.Name, job.Image, job.ImageDigest, job.Flavor, job.GpuCount,
        job.MaxRuntimeMinutes, [.. job.Datasets.Select(JobResponse.Dataset)], JobEnvironment.InPod(job).ToDictionary(), place.Position, place.EstimatedStart);
}

public sealed record QueueFlavorResponse(string Flavor, int Pending, int Running);

public sealed record QueueResponse(List<QueueFlavorResponse> Flavors, int Pending, int Running)
{
    public static QueueResponse From(IReadOnlyList<SummarizeQueue.FlavorLoad> loads) =>
        new([.. loads.Select(l => new QueueFlavorResponse(l.Flavor, l.Pending, l.Running))], loads.Sum(l => l.Pending), loads.Sum(l => l.Running));
}

public sealed record OutputFileResponse(string Path, long Size, DateTimeOffset? StoredAt)
{
    public static OutputFileResponse From(ListJobOutputs.OutputFile file) => new(file.Path, file.Size, file.StoredAt);
}

public sealed record JobImageRequest(string? Reference, string? Digest, string? Description);

public sealed record JobImageResponse(string Reference, string? Digest, string? Description, DateTimeOffset CreatedAt)
{
    public static JobImageResponse From(JobImage image) => new(image.Reference, image.Digest, image.Description, image.CreatedAt);
}
