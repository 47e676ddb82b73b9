using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Jobs;

/// <summary>
/// <c>/api/jobs</c>: members of a tenant submit jobs (or dry-run them), list and read them with their
/// queue position, cancel them, follow their logs and list their outputs. <c>/api/queue</c> sums up
/// pending and running jobs per flavor.
/// </summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(PlatformPolicies.SignedIn);
        jobs.MapPost("/", SubmitAsync).WithSummary("Submits a job to a tenant's queue, or with dryRun validates it and explains every refusal.");
        jobs.MapGet("/", ListAsync).WithSummary("Jobs of the caller's tenants, newest first; queued ones with position and estimated start.");
        jobs.MapGet("/{id:guid}", GetAsync).WithSummary("A job with its status, reason, exit code and queue position.");
        jobs.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancels a job: queued jobs never start, running ones are stopped within seconds.");
        jobs.MapGet("/{id:guid}/logs", JobLogsEndpoint.GetAsync).WithSummary("The job's log as text, or with follow=true as server-sent events until the job ends.");
        jobs.MapGet("/{id:guid}/outputs", JobOutputsEndpoint.ListAsync).WithSummary("Files the job wrote to its output folder, stored under the tenant's prefix.");

        routes.MapGet("/api/queue", QueueAsync).WithTags("Jobs").RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("Pending and running jobs per flavor, over all tenants (counts only).");
        return routes;
    }

    private static async Task<Results<Created<JobResponse>, Ok<JobPlanResponse>, ProblemHttpResult>> SubmitAsync(
        SubmitJobRequest request, HttpContext http, EucaimDbContext db, JobSubmission submission, JobPlacement placement, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        if (string.IsNullOrWhiteSpace(request.Tenant))
        {
            return JobProblems.Refused([JobRefusal.Invalid("tenant", "tenant-required", "tenant is required: the slug of a tenant you belong to.")]);
        }

        var tenant = await db.Tenants.AsNoTracking().MemberTenants(identity).FirstOrDefaultAsync(t => t.Slug == request.Tenant, cancellationToken);
        if (tenant is null)
        {
            return JobProblems.TenantNotFound(request.Tenant);
        }

        var outcome = await submission.EvaluateAsync(request, tenant, identity.Subject!, cancellationToken);
        if (outcome.Job is not { } job)
        {
            if (!request.DryRun)
            {
                await JobAudit.RefusedAsync(http, tenant.Slug, outcome.Refusals, cancellationToken);
            }

            return JobProblems.Refused(outcome.Refusals);
        }

        if (request.DryRun)
        {
            var places = await placement.PlaceAsync(new JobQueue.Waiting(job.Id, job.TenantId, job.Flavor, job.GpuCount, job.SubmittedAt), cancellationToken);
            var place = places[job.Id];
            return TypedResults.Ok(new JobPlanResponse(true, job.TenantSlug, job.Name, job.Image, job.ImageDigest, job.Flavor, job.GpuCount, job.MaxRuntimeMinutes,
                [.. job.Datasets.Select(JobResponse.Dataset)], JobSubmission.PlatformEnvironment(job), place.Position, place.EstimatedStart));
        }

        db.Jobs.Add(job);
        await db.InTransactionAsync(async ct =>
        {
            await db.SaveChangesAsync(ct);
            await JobChanges.NotifyAsync(db, job.Id, ct);
            await JobAudit.SubmittedAsync(http, db, job, ct);
        }, cancellationToken);

        var placed = await placement.PlaceAsync(null, cancellationToken);
        return TypedResults.Created($"/api/jobs/{job.Id}", JobResponse.From(job, placed.TryGetValue(job.Id, out var p) ? p : null));
    }

    private static async Task<Ok<List<JobResponse>>> ListAsync(
        string? tenant, string? status, HttpContext http, EucaimDbContext db, JobPlacement placement, CancellationToken cancellationToken)
    {
        var query = db.OfMember(PlatformIdentity.From(http.User)).AsNoTracking();
        if (!string.IsNullOrEmpty(tenant))
        {
            query = query.Where(j => j.TenantSlug == tenant);
        }

        if (Enum.TryParse<JobStatus>(status, ignoreCase: true, out var wanted))
        {
            query = query.Where(j => j.Status == wanted);
        }

        var rows = await query.OrderByDescending(j => j.SubmittedAt).Take(500).ToListAsync(cancellationToken);
        var places = rows.Any(j => j.Status == JobStatus.Queued) ? await placement.PlaceAsync(null, cancellationToken) : [];
        return TypedResults.Ok(rows.Select(j => JobResponse.From(j, places.TryGetValue(j.Id, out var p) ? p : null)).ToList());
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, EucaimDbContext db, JobPlacement placement, CancellationToken cancellationToken)
    {
        var job = await JobMembership.FindAsync(db, PlatformIdentity.From(http.User), id, tracking: false, cancellationToken);
        if (job is null)
        {
            return JobProblems.JobNotFound(id);
        }

        var places = job.Status == JobStatus.Queued ? await placement.PlaceAsync(null, cancellationToken) : [];
        return TypedResults.Ok(JobResponse.From(job, places.TryGetValue(job.Id, out var p) ? p : null));
    }

    private static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        var job = await JobMembership.FindAsync(db, identity, id, tracking: false, cancellationToken);
        if (job is null)
        {
            return JobProblems.JobNotFound(id);
        }

        // One conditional UPDATE: the dispatcher changes the row all the time, and a cancel must not lose to it.
        var now = clock.GetUtcNow();
        var requested = 0;
        await db.InTransactionAsync(async ct =>
        {
            requested = await db.Jobs
                .Where(j => j.Id == id && j.CancelRequestedAt == null
                    && (j.Status == JobStatus.Queued || j.Status == JobStatus.Starting || j.Status == JobStatus.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.CancelRequestedAt, now).SetProperty(j => j.CancelRequestedBy, identity.Subject), ct);
            if (requested == 1)
            {
                await JobChanges.NotifyAsync(db, id, ct);
                await JobAudit.CancelRequestedAsync(http, db, job, ct);
            }
        }, cancellationToken);

        job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken);
        if (requested == 0 && job.Status.IsFinal())
        {
            return JobProblems.Conflict("status", "job-finished", $"job {id} already ended ({job.Status}).");
        }

        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobResponse.From(job));
    }

    private static async Task<Ok<QueueResponse>> QueueAsync(EucaimDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Queued || j.Status == JobStatus.Starting || j.Status == JobStatus.Running)
            .GroupBy(j => new { j.Flavor, Pending = j.Status == JobStatus.Queued })
            .Select(g => new { g.Key.Flavor, g.Key.Pending, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var flavors = await db.Flavors.AsNoTracking().Select(f => f.Name).ToListAsync(cancellationToken);
        var rows = flavors.Union(counts.Select(c => c.Flavor)).Order(StringComparer.Ordinal)
            .Select(f => new QueueFlavorResponse(f,
                counts.Where(c => c.Flavor == f && c.Pending).Sum(c => c.Count),
                counts.Where(c => c.Flavor == f && !c.Pending).Sum(c => c.Count)))
            .ToList();
        return TypedResults.Ok(new QueueResponse(rows, rows.Sum(r => r.Pending), rows.Sum(r => r.Running)));
    }
}
