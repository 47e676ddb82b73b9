using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>
/// A job pod's helper trades the job's token for fresh links when it starts, however long the pod
/// waited for a GPU (<see cref="StagingLinksSigner"/>). Only a job that is starting or running gets
/// them; the token of an ended, cancelled or relaunched job is refused. Authenticated by the token,
/// not by a signed-in user.
/// </summary>
public sealed class IssueStagingLinks(EucaimDbContext db, BlobServiceClient blobs, TimeProvider clock)
{
    public async Task<Outcome<StagingLinks>> RunAsync(Guid jobId, string? token, StagingPurpose purpose, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || !JobStagingToken.Matches(token, job.StagingTokenHash))
        {
            // The same answer whether the job exists or not.
            return new Problem(ProblemKind.Unauthenticated, "Job token not valid.", $"The {StagingLinks.TokenHeader} header is missing or does not belong to this job's current launch.");
        }

        if (job.Status is not (JobStatus.Starting or JobStatus.Running) || job.CancelRequestedAt is not null)
        {
            return Problem.Conflict("The job is not running.",
                $"Job {job.Id} is {job.Status.ToString().ToLowerInvariant()}{(job.CancelRequestedAt is null ? "" : " (cancel requested)")}: its token no longer gives links.", "job-not-running");
        }

        var now = clock.GetUtcNow();
        if (purpose == StagingPurpose.Outputs)
        {
            return await StagingLinksSigner.ForOutputsAsync(blobs, job.Id, job.MaxRuntimeMinutes, now, cancellationToken);
        }

        if (await StagingLinksSigner.ForDatasetsAsync(blobs, job.Id, now, cancellationToken) is { } links)
        {
            return links;
        }

        return Problem.Conflict("No staging plan.", $"Job {job.Id} has no staging plan yet: it is being launched; ask again shortly.", "no-staging-plan");
    }
}
