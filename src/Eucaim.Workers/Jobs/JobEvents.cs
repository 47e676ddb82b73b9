using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Jobs;

/// <summary>What the dispatcher tells the world when a job starts or ends.</summary>
public sealed class JobEvents(ILogger<JobEvents> logger)
{
    public const string SystemActor = "system:jobs";

    public Task StartedAsync(Job job, CancellationToken cancellationToken)
    {
        logger.LogInformation("Job {JobId} ({Name}) of {Tenant} started with {Datasets} dataset(s).", job.Id, job.Name, job.TenantSlug, job.Datasets.Count);
        return Task.CompletedTask;
    }

    public Task FinishedAsync(Job job, CancellationToken cancellationToken)
    {
        logger.LogInformation("Job {JobId} ({Name}) of {Tenant} ended {Status}: {Reason}", job.Id, job.Name, job.TenantSlug, job.Status, job.Reason);
        return Task.CompletedTask;
    }
}
