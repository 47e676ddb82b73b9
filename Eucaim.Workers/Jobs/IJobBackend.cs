using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// Where jobs run: Kubernetes Jobs in the tenant namespace or local processes. The dispatcher owns
/// the job rows; a backend only starts, observes, reads logs of, stops and cleans up what it runs,
/// and every call is idempotent, so a restarted Workers can repeat any of them safely.
/// </summary>
public interface IJobBackend
{
    /// <summary>What may run at once on this backend; null parts are left to the backend's own scheduler.</summary>
    JobQueue.Capacity Capacity { get; }

    /// <summary>Starts the job. Starting one that is already started does nothing (no job runs twice).</summary>
    /// <exception cref="JobBackendUnavailableException">The backend did not answer, or the tenant is not ready there: the job stays queued.</exception>
    /// <exception cref="DatasetStagingException">A dataset could not be staged: the job fails.</exception>
    /// <exception cref="JobRejectedException">The backend refused this job for good: the job fails with the reason.</exception>
    Task LaunchAsync(JobLaunch launch, CancellationToken cancellationToken);

    Task<JobObservation> ObserveAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Log text after <see cref="Job.LogCursor"/>; empty when nothing new.</summary>
    Task<LogRead> ReadLogAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Stops the job at once (the pod or process tree is gone when this returns or shortly after).</summary>
    Task StopAsync(Job job, CancellationToken cancellationToken);

    /// <summary>The files the job left in its output folder, each with the SHA-256 the pod computed where the files travelled.</summary>
    /// <exception cref="JobOutputsException">The outputs are not all there or not what the pod wrote.</exception>
    IAsyncEnumerable<JobOutputFile> ReadOutputsAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Removes what the job left on the backend (staged data, folders, Kubernetes objects).</summary>
    Task CleanupAsync(Job job, CancellationToken cancellationToken);
}

/// <summary>
/// What the backend says of a job; <see cref="Launched"/> false means it never got there.
/// <see cref="SavingOutputs"/>: the job's own container has ended and its outputs are being saved,
/// which the run deadline does not cut short.
/// </summary>
public sealed record JobObservation(bool Launched, JobStatus Status, string? Reason, int? ExitCode, bool SavingOutputs = false)
{
    public static JobObservation NotLaunched { get; } = new(false, JobStatus.Starting, null, null);
}

/// <summary>
/// A job to start, with its flavor (resources, placement), locally the GPU indices it gets, and the
/// token its pod exchanges for staging links (<see cref="JobStagingToken"/>).
/// </summary>
public sealed record JobLaunch(Job Job, Flavor Flavor, IReadOnlyList<int> Devices, string? StagingToken = null);

public sealed record LogRead(string Text, string? Cursor);

/// <param name="Sha256">What the file's SHA-256 was where the job wrote it, when it travelled through an archive; null for local files.</param>
public sealed record JobOutputFile(string Path, long Size, Func<CancellationToken, Task<Stream>> OpenAsync, string? Sha256 = null);

/// <summary>The backend did not answer (API server down, timeout), or the tenant is not ready there; retrying later may work.</summary>
public sealed class JobBackendUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The backend refused this one job for good (invalid object, forbidden, terminating namespace); other jobs go on.</summary>
public sealed class JobRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A job's outputs are missing or differ from what the job wrote (archive absent, checksum mismatch).</summary>
public sealed class JobOutputsException(string message, Exception? inner = null) : Exception(message, inner);
