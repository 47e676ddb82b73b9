namespace Eucaim.Core.Jobs;

/// <summary>
/// A compute job of a tenant: what was asked (image, command, flavor, datasets, runtime) and what
/// became of it. The row is the single record the dispatcher, the monitor, the log and output
/// collectors and the API agree on; a backend only ever holds a copy of it.
/// </summary>
public sealed class Job
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string TenantSlug { get; set; }

    /// <summary>A DNS label of at most <see cref="JobRules.MaxNameLength"/> characters, as jobman asks.</summary>
    public required string Name { get; set; }

    /// <summary>The allow-listed image reference, as submitted.</summary>
    public required string Image { get; set; }

    /// <summary>The image digest at submission (<c>sha256:…</c>), so a cluster runs exactly the reviewed image.</summary>
    public string? ImageDigest { get; set; }

    public List<string> Command { get; set; } = [];

    public List<string> Arguments { get; set; } = [];

    public Dictionary<string, string> Environment { get; set; } = [];

    public required string Flavor { get; set; }

    public int GpuCount { get; set; }

    public List<JobDataset> Datasets { get; set; } = [];

    public int MaxRuntimeMinutes { get; set; }

    public JobStatus Status { get; set; }

    /// <summary>Why the job is where it is, in words a researcher understands (ImagePullBackOff, OOMKilled, access revoked…).</summary>
    public string? Reason { get; set; }

    public int? ExitCode { get; set; }

    public required string SubmittedBy { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? RunningAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? CancelRequestedAt { get; set; }

    public string? CancelRequestedBy { get; set; }

    /// <summary>A stop the platform decided (access revoked, tenant deleted) rather than the researcher.</summary>
    public string? StopReason { get; set; }

    /// <summary>The backend's handle: the Kubernetes Job name or the local job folder.</summary>
    public string? BackendHandle { get; set; }

    /// <summary>SHA-256 of the token the current launch's pod exchanges for staging links (<see cref="JobStagingToken"/>).</summary>
    public string? StagingTokenHash { get; set; }

    /// <summary>GPU indices given to a local job (<c>CUDA_VISIBLE_DEVICES</c>).</summary>
    public List<int> Devices { get; set; } = [];

    /// <summary>How far the live log has been read from the backend (bytes locally; a timestamp on Kubernetes).</summary>
    public string? LogCursor { get; set; }

    public long LogSequence { get; set; }

    /// <summary>Set once the final log is in the <c>logs</c> container and the outputs are under the tenant's prefix.</summary>
    public DateTimeOffset? CollectedAt { get; set; }

    public int OutputFileCount { get; set; }

    public uint RowVersion { get; set; }
}
