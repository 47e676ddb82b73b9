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
    /// <exception cref="JobBackendUnavailableException">The backend did not answer: the job stays queued.</exception>
    /// <exception cref="DatasetStagingException">A dataset could not be staged: the job fails.</exception>
    Task LaunchAsync(JobLaunch launch, CancellationToken cancellationToken);

    Task<JobObservation> ObserveAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Log text after <see cref="Job.LogCursor"/>; empty when nothing new.</summary>
    Task<LogRead> ReadLogAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Stops the job at once (the pod or process tree is gone when this returns or shortly after).</summary>
    Task StopAsync(Job job, CancellationToken cancellationToken);

    /// <summary>The files the job left in its output folder.</summary>
    IAsyncEnumerable<JobOutputFile> ReadOutputsAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Removes what the job left on the backend (staged data, folders, Kubernetes objects).</summary>
    Task CleanupAsync(Job job, CancellationToken cancellationToken);
}

/// <summary>What the backend says of a job; <see cref="Launched"/> false means it never got there.</summary>
public sealed record JobObservation(bool Launched, JobStatus Status, string? Reason, int? ExitCode)
{
    public static JobObservation NotLaunched { get; } = new(false, JobStatus.Starting, null, null);
}

/// <summary>A job to start, with its flavor (resources, placement) and, locally, the GPU indices it gets.</summary>
public sealed record JobLaunch(Job Job, Flavor Flavor, IReadOnlyList<int> Devices);

public sealed record LogRead(string Text, string? Cursor);

public sealed record JobOutputFile(string Path, long Size, Func<CancellationToken, Task<Stream>> OpenAsync);

/// <summary>The backend did not answer (API server down, timeout); retrying later may work.</summary>
public sealed class JobBackendUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
