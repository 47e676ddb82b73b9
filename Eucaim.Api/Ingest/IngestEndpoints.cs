using System.Text.Json;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Ingest;

internal static class IngestEndpoints
{
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Opens a session for several uploads; they are ingested together once the session is completed.</summary>
    public static async Task<Results<Created<IngestView>, ProblemHttpResult>> OpenSessionAsync(
        Guid id, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var (dataset, draft, problem) = await UploadAccess.DraftForUploadAsync(db, caller, id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var job = new IngestJob
        {
            Id = Guid.CreateVersion7(now),
            DatasetId = id,
            OrganizationKey = dataset!.OrganizationKey,
            VersionNumber = draft!.Number,
            State = IngestState.Open,
            IsSession = true,
            CreatedBy = caller.Subject ?? "unknown",
            CreatedAt = now,
        };
        db.IngestJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/ingests/{job.Id}", IngestView.Of(job, await ProgressAsync(db, job, cancellationToken), []));
    }

    public static async Task<Results<Ok<IngestView[]>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var organization = await db.Datasets.Where(d => d.Id == id).Select(d => d.OrganizationKey).SingleOrDefaultAsync(cancellationToken);
        if (organization is null || !UploadAccess.MayWrite(caller, organization))
        {
            return Catalogue.DatasetProblems.NotFound(id);
        }

        var jobs = await db.IngestJobs.AsNoTracking().Where(j => j.DatasetId == id).OrderByDescending(j => j.CreatedAt).Take(100).ToListAsync(cancellationToken);
        var views = new List<IngestView>();
        foreach (var job in jobs)
        {
            views.Add(await ViewAsync(db, job, cancellationToken));
        }

        return TypedResults.Ok(views.ToArray());
    }

    public static async Task<Results<Ok<IngestView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var job = await UploadAccess.FindIngestAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        return job is null ? NotFound(id) : TypedResults.Ok(await ViewAsync(db, job, cancellationToken));
    }

    /// <summary>Closes a session: its complete uploads are queued for ingest. Uploads still receiving block it (409).</summary>
    public static async Task<Results<Accepted<IngestView>, Ok<IngestView>, ProblemHttpResult>> CompleteSessionAsync(
        Guid id, HttpContext http, EucaimDbContext db, UploadCompletion completion, TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await UploadAccess.FindIngestAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        if (job is null)
        {
            return NotFound(id);
        }

        if (job.State != IngestState.Open)
        {
            return TypedResults.Ok(await ViewAsync(db, job, cancellationToken));
        }

        var uploads = await db.Uploads.Where(u => u.IngestId == id).ToListAsync(cancellationToken);
        foreach (var finished in uploads.Where(u => u.State == UploadState.Receiving && u.Offset == u.Length))
        {
            // A completion cut short by a crash: finish it now.
            await completion.CompleteAsync(finished, null, cancellationToken);
        }

        var receiving = uploads.Where(u => u.State == UploadState.Receiving).Select(u => u.Id).ToList();
        if (receiving.Count > 0)
        {
            return TypedResults.Problem(title: "Uploads are still in progress.",
                detail: $"Finish or terminate the uploads {string.Join(", ", receiving)} first.", statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["uploads"] = receiving });
        }

        if (!uploads.Any(u => u.State == UploadState.Complete))
        {
            return TypedResults.Problem(title: "Nothing to ingest.", detail: "The session has no complete upload.", statusCode: StatusCodes.Status409Conflict);
        }

        IngestSessions.Queue(job, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await IngestQueue.NotifyAsync(db, job.Id, cancellationToken);
        return TypedResults.Accepted($"/api/ingests/{id}", await ViewAsync(db, job, cancellationToken));
    }

    /// <summary>
    /// Server-sent events: a <c>progress</c> event whenever files done / total changes, then one
    /// <c>completed</c> (or <c>failed</c>) event with the whole ingest, report included.
    /// </summary>
    public static async Task StreamAsync(Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var job = await UploadAccess.FindIngestAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        if (job is null)
        {
            await NotFound(id).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        IngestProgress? last = null;
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

    internal static async Task<IngestView> ViewAsync(EucaimDbContext db, IngestJob job, CancellationToken cancellationToken)
    {
        var uploads = await db.Uploads.AsNoTracking().Where(u => u.IngestId == job.Id).OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken);
        return IngestView.Of(job, await ProgressAsync(db, job, cancellationToken), uploads);
    }

    internal static async Task<IngestProgress> ProgressAsync(EucaimDbContext db, IngestJob job, CancellationToken cancellationToken)
    {
        var counts = await db.IngestFiles.Where(f => f.JobId == job.Id).GroupBy(f => f.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var stored = counts.GetValueOrDefault(IngestFileState.Stored);
        var duplicates = counts.GetValueOrDefault(IngestFileState.Duplicate);
        var rejected = counts.GetValueOrDefault(IngestFileState.Rejected);
        return new IngestProgress(job.State.ToString().ToLowerInvariant(), job.FilesTotal, stored + duplicates + rejected, stored, duplicates, rejected);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "Ingest not found.", detail: $"No ingest {id} is visible to you.", statusCode: StatusCodes.Status404NotFound);
}
