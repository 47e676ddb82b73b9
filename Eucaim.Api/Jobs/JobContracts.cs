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
    bool DryRun = false);

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
    public static JobResponse From(Job job, (int Position, DateTimeOffset EstimatedStart)? place = null) => new(
        job.Id, job.TenantSlug, job.Name, job.Image, job.ImageDigest, job.Command, job.Arguments, job.Environment, job.Flavor, job.GpuCount,
        [.. job.Datasets.Select(Dataset)], job.MaxRuntimeMinutes, job.Status.ToString(), job.Reason, job.ExitCode,
        job.SubmittedBy, job.SubmittedAt, job.StartedAt, job.RunningAt, job.FinishedAt, place?.Position, place?.EstimatedStart,
        job.CollectedAt is not null, job.OutputFileCount);

    public static JobDatasetResponse Dataset(JobDataset d) => new(d.DatasetId, d.Version, d.GrantId, $"/data/{d.MountName}", d.PathVariable);
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
    DateTimeOffset EstimatedStartAt);

public sealed record QueueFlavorResponse(string Flavor, int Pending, int Running);

public sealed record QueueResponse(List<QueueFlavorResponse> Flavors, int Pending, int Running);

public sealed record OutputFileResponse(string Path, long Size, DateTimeOffset? StoredAt);

public sealed record JobImageRequest(string? Reference, string? Digest, string? Description);

public sealed record JobImageResponse(string Reference, string? Digest, string? Description, DateTimeOffset CreatedAt)
{
    public static JobImageResponse From(JobImage image) => new(image.Reference, image.Digest, image.Description, image.CreatedAt);
}
