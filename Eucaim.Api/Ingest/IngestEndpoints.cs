using System.Text.Json;
using Eucaim.Api.Platform;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Ingest;

internal static class IngestEndpoints
{
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Opens a session for several uploads; they are ingested together once the session is completed.</summary>
    public static async Task<Results<Created<IngestResponse>, ProblemHttpResult>> OpenSessionAsync(
        Guid id, Caller caller, OpenIngestSession open, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var outcome = await open.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/ingests/{outcome.Value.Id}", IngestResponse.Of(outcome.Value, await ProgressAsync(db, outcome.Value, cancellationToken), []))
            : outcome.Problem.ToHttpProblem(caller);
    }

    public static async Task<Results<Ok<IngestResponse[]>, ProblemHttpResult>> ListAsync(
        Guid id, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var organization = await db.Datasets.Where(d => d.Id == id).Select(d => d.OrganizationKey).SingleOrDefaultAsync(cancellationToken);
        if (organization is null || !IngestAccess.MayWrite(caller.Identity, organization))
        {
            return CatalogueProblems.NotFound(id).ToHttpProblem(caller);
        }

        var jobs = await db.IngestJobs.AsNoTracking().Where(j => j.DatasetId == id).OrderByDescending(j => j.CreatedAt).Take(100).ToListAsync(cancellationToken);
        var views = new List<IngestResponse>();
        foreach (var job in jobs)
        {
            views.Add(await ViewAsync(db, job, cancellationToken));
        }

        return TypedResults.Ok(views.ToArray());
    }

    public static async Task<Results<Ok<IngestResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var job = await IngestAccess.FindIngestAsync(db, caller.Identity, id, cancellationToken);
        return job is null ? UploadProblems.IngestNotFound(id).ToHttpProblem(caller) : TypedResults.Ok(await ViewAsync(db, job, cancellationToken));
    }

    /// <summary>Closes a session: its complete uploads are queued for ingest. Uploads still receiving block it (409).</summary>
    public static async Task<Results<Accepted<IngestResponse>, Ok<IngestResponse>, ProblemHttpResult>> CompleteSessionAsync(
        Guid id, Caller caller, CompleteIngestSession complete, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var outcome = await complete.RunAsync(caller.Actor, id, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Problem.ToHttpProblem(caller);
        }

        var view = await ViewAsync(db, outcome.Value.Job, cancellationToken);
        return outcome.Value.Queued ? TypedResults.Accepted($"/api/ingests/{id}", view) : TypedResults.Ok(view);
    }

    /// <summary>Abandons an open or failed ingest (409 once it is queued, running or completed).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> AbandonAsync(Guid id, Caller caller, AbandonIngest abandon, CancellationToken cancellationToken)
    {
        var outcome = await abandon.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Problem.ToHttpProblem(caller);
    }

    /// <summary>
    /// Server-sent events: a <c>progress</c> event whenever files done / total changes, then one
    /// <c>completed</c> (or <c>failed</c>) event with the whole ingest, report included.
    /// </summary>
    public static async Task StreamAsync(Guid id, HttpContext http, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var job = await IngestAccess.FindIngestAsync(db, caller.Identity, id, cancellationToken);
        if (job is null)
        {
            await UploadProblems.IngestNotFound(id).ToHttpProblem(caller).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        IngestProgressResponse? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            job = await db.IngestJobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken);
            var progress = await ProgressAsync(db, job, cancellationToken);
            if (job.State is IngestState.Completed or IngestState.Failed)
            {
                var name = job.State == IngestState.Completed ? "completed" : "failed";
                await WriteEventAsync(http, name, await ViewAsync(db, job, cancellationToken), cancellationToken);
                return;
            }

            if (progress != last)
            {
                await WriteEventAsync(http, "progress", progress, cancellationToken);
                last = progress;
            }

            await Task.Delay(ProgressPoll, cancellationToken);
        }
    }

    private static async Task WriteEventAsync<T>(HttpContext http, string name, T data, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(data, JsonSerializerOptions.Web);
        await http.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    internal static async Task<IngestResponse> ViewAsync(EucaimDbContext db, IngestJob job, CancellationToken cancellationToken)
    {
        var uploads = await db.Uploads.AsNoTracking().Where(u => u.IngestId == job.Id).OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken);
        return IngestResponse.Of(job, await ProgressAsync(db, job, cancellationToken), uploads);
    }

    internal static async Task<IngestProgressResponse> ProgressAsync(EucaimDbContext db, IngestJob job, CancellationToken cancellationToken)
    {
        var counts = await db.IngestFiles.Where(f => f.JobId == job.Id).GroupBy(f => f.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var stored = counts.GetValueOrDefault(IngestFileState.Stored);
        var duplicates = counts.GetValueOrDefault(IngestFileState.Duplicate);
        var rejected = counts.GetValueOrDefault(IngestFileState.Rejected);
        return new IngestProgressResponse(job.State.ToString().ToLowerInvariant(), job.FilesTotal, stored + duplicates + rejected, stored, duplicates, rejected);
    }
}
