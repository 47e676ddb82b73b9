namespace Eucaim.Web.Jobs;

/// <summary>A job as <c>/api/jobs</c> describes it (the fields the portal shows).</summary>
public sealed record JobView(
    Guid Id, string Tenant, string Name, string Image, IReadOnlyList<string> Arguments, string Flavor,
    IReadOnlyList<JobDatasetView> Datasets, int MaxRuntimeMinutes, string Status, string? Reason, int? ExitCode,
    string SubmittedBy, DateTimeOffset SubmittedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    int? Position, DateTimeOffset? EstimatedStartAt, bool LogsArchived, int OutputFileCount)
{
    /// <summary>The API's final states: nothing changes after them.</summary>
    public bool Ended => Status is "Succeeded" or "Failed" or "Cancelled" or "TimedOut";
}

public sealed record JobDatasetView(Guid DatasetId, int Version, string MountPath, string PathVariable);

/// <summary>A dry run's answer: what would be submitted and where it would queue.</summary>
public sealed record JobPlanView(
    bool Valid, string Tenant, string Name, string Image, string? ImageDigest, string Flavor, int Gpus, int MaxRuntimeMinutes,
    IReadOnlyList<JobDatasetView> Datasets, IReadOnlyDictionary<string, string> PlatformEnvironment, int Position, DateTimeOffset EstimatedStartAt);

public sealed record OutputFileView(string Path, long Size, DateTimeOffset? StoredAt);

public sealed record JobImageView(string Reference, string? Digest, string? Description, DateTimeOffset CreatedAt);

/// <summary>A grant of a dataset to a tenant (<c>/api/grants</c>).</summary>
public sealed record GrantView(Guid Id, string Tenant, Guid DatasetId, int? Version, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string? Conditions, string Status);

/// <summary>An export request (<c>/api/exports</c>).</summary>
public sealed record ExportView(
    Guid Id, Guid JobId, string Tenant, IReadOnlyList<string> Files, string Justification, string Status,
    IReadOnlyList<ExportFindingView> Findings, bool HasBlockingFindings, string? OverrideJustification,
    string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote, DateTimeOffset? PublishedAt);

public sealed record ExportFindingView(string File, string Code, string Severity, string Message, long? Line, long Count);

/// <summary>A requested file as it lies in the tenant's outputs; <c>ContentMd5</c> is base64.</summary>
public sealed record ExportFileView(string Path, long Size, string? ContentType, string? ContentMd5);

public sealed record ExportLinkView(string Path, Uri Url, DateTimeOffset ExpiresAt);

/// <summary>How the portal writes sizes and times.</summary>
public static class JobFormat
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };

    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
