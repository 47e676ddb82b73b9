using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Jobs;

/// <summary>
/// A job's log. Once the job has ended and its log is archived, it is read from the <c>logs</c>
/// container (it outlives the pod or process); before that, from the live chunks the Workers append.
/// With <c>follow=true</c> the answer is a server-sent event stream: one <c>log</c> event per chunk
/// (its id is the chunk's sequence, so a client reconnects with <c>Last-Event-ID</c>), and a final
/// <c>end</c> event carrying the job's status.
/// </summary>
internal static class JobLogsEndpoint
{
    private static readonly TimeSpan WakeTimeout = TimeSpan.FromSeconds(2);

    public static async Task<Results<FileStreamHttpResult, ContentHttpResult, ServerSentEventsResult<string>, ProblemHttpResult>> GetAsync(
        Guid id, bool? follow, Caller caller, HttpContext http, GetJob jobs, EucaimDbContext db, BlobServiceClient blobs, IServiceScopeFactory scopes, JobLogSignal signal,
        CancellationToken cancellationToken)
    {
        var found = await jobs.RunAsync(caller.Actor, id, cancellationToken, withPlace: false);
        if (!found.Succeeded)
        {
            return found.Problem.ToHttpProblem(caller);
        }

        if (follow == true)
        {
            var after = long.TryParse(http.Request.Headers["Last-Event-ID"], out var last) ? last : 0;
            return TypedResults.ServerSentEvents(FollowAsync(id, after, scopes, signal, http.RequestAborted));
        }

        if (await OpenArchiveAsync(found.Value.Job, blobs, cancellationToken) is { } archived)
        {
            return TypedResults.Stream(archived, "text/plain; charset=utf-8");
        }

        return TypedResults.Text(await ReadChunksAsync(db, id, cancellationToken), "text/plain; charset=utf-8");
    }

    /// <summary>The archived log of an ended job, or null before it is archived.</summary>
    private static async Task<Stream?> OpenArchiveAsync(Job job, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        if (job.CollectedAt is null)
        {
            return null;
        }

        try
        {
            var blob = blobs.GetBlobContainerClient(BlobContainers.Logs).GetBlobClient(BlobLayout.Logs.Job(job.TenantSlug, job.Id));
            return await blob.OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Archived logs are never deleted by the platform; fall back to the live chunks if one went missing.
            return null;
        }
    }

    private static async Task<string> ReadChunksAsync(EucaimDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var chunk in db.JobLogChunks.AsNoTracking().Where(c => c.JobId == id).OrderBy(c => c.Sequence).Select(c => c.Text).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            text.Append(chunk);
        }

        return text.ToString();
    }

    private static async IAsyncEnumerable<SseItem<string>> FollowAsync(
        Guid id, long after, IServiceScopeFactory scopes, JobLogSignal signal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            List<JobLogChunk> chunks;
            Job? job;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
                // Read the job first: a chunk appended after this read is still picked up by the chunk query or the next pass.
                job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
                chunks = await db.JobLogChunks.AsNoTracking().Where(c => c.JobId == id && c.Sequence > after)
                    .OrderBy(c => c.Sequence).Take(200).ToListAsync(cancellationToken);
            }

            foreach (var chunk in chunks)
            {
                after = chunk.Sequence;
                yield return new SseItem<string>(chunk.Text, "log") { EventId = chunk.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }

            if (job is null || (chunks.Count == 0 && job.Status.IsFinal() && job.CollectedAt is not null))
            {
                var status = job is null ? "gone" : job.Status.ToString();
                var reason = job?.Reason is null ? "" : $": {job.Reason}";
                yield return new SseItem<string>($"{status}{reason}", "end");
                yield break;
            }

            if (chunks.Count == 0)
            {
                await signal.WaitAsync(id, WakeTimeout, cancellationToken);
            }
        }
    }
}
