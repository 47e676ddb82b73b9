using Azure.Storage.Blobs;
using Eucaim.Api.Jobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Airlock;

/// <summary>
/// <c>/api/exports</c>, the only way out of a bubble: a tenant member asks for chosen output files of
/// an ended job with a justification; a reviewer (<see cref="ExportReviewers"/>) approves or rejects;
/// the Workers copy approved files to the <c>exports</c> container; members then get short-lived
/// read-only links to them. Every step is audited.
/// </summary>
internal static class AirlockApi
{
    public const int MinJustificationLength = 20;

    public static IEndpointRouteBuilder MapAirlockApi(this IEndpointRouteBuilder routes)
    {
        var exports = routes.MapGroup("/api/exports").WithTags("Airlock").RequireAuthorization(PlatformPolicies.SignedIn);
        exports.MapPost("/", RequestAsync).WithSummary("Asks for output files of an ended job to leave the bubble (tenant members).");
        exports.MapGet("/", ListAsync).WithSummary("Export requests of the caller's tenants, and those the caller may review.");
        exports.MapGet("/{id:guid}", GetAsync).WithSummary("One export request.");
        exports.MapPost("/{id:guid}/decision", DecideAsync).WithSummary("Approves or rejects a pending request (access committee, or the data holder of every dataset the job used).");
        exports.MapGet("/{id:guid}/links", LinksAsync).WithSummary("Short-lived download links to the approved files (tenant members).");
        return routes;
    }

    private static async Task<Results<Created<ExportResponse>, ProblemHttpResult>> RequestAsync(
        ExportRequestBody body, HttpContext http, EucaimDbContext db, BlobServiceClient blobs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        if (body.JobId is not { } jobId)
        {
            return JobProblems.Invalid("jobId", "job-required", "jobId is required.");
        }

        var job = await JobMembership.FindAsync(db, identity, jobId, tracking: false, cancellationToken);
        if (job is null)
        {
            return JobProblems.JobNotFound(jobId);
        }

        if (!job.Status.IsFinal() || job.CollectedAt is null)
        {
            return JobProblems.Conflict("jobId", "job-not-ended", $"job {jobId} has not ended and stored its outputs yet ({job.Status}).");
        }

        if (body.Justification is null || body.Justification.Trim().Length < MinJustificationLength || body.Justification.Length > 4000)
        {
            return JobProblems.Invalid("justification", "justification-required", $"justification must say why the files must leave the bubble ({MinJustificationLength} to 4000 characters).");
        }

        var files = body.Files ?? [];
        if (files.Count == 0 || files.Count > 100 || files.Distinct(StringComparer.Ordinal).Count() != files.Count)
        {
            return JobProblems.Invalid("files", "files-required", "files must list 1 to 100 distinct output paths (GET /api/jobs/{id}/outputs).");
        }

        var outputs = (await JobOutputsEndpoint.ListFilesAsync(blobs, job, cancellationToken)).Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            if (!BlobLayout.IsSafeRelativePath(files[i]) || !outputs.Contains(files[i]))
            {
                return JobProblems.Invalid($"files[{i}]", "file-not-an-output", $"'{files[i]}' is not an output file of job {jobId}.");
            }
        }

        var export = new ExportRequest
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            JobId = job.Id,
            TenantId = job.TenantId,
            TenantSlug = job.TenantSlug,
            Files = files,
            Justification = body.Justification.Trim(),
            Status = ExportStatus.Pending,
            RequestedBy = identity.Subject!,
            RequestedAt = clock.GetUtcNow(),
        };
        db.ExportRequests.Add(export);
        await db.InTransactionAsync(async ct =>
        {
            await db.SaveChangesAsync(ct);
            await JobAudit.ExportRequestedAsync(http, db, export, ct);
        }, cancellationToken);
        return TypedResults.Created($"/api/exports/{export.Id}", ExportResponse.From(export));
    }

    private static async Task<Ok<List<ExportResponse>>> ListAsync(string? status, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        var memberTenants = db.Tenants.MemberTenants(identity).Select(t => t.Id);
        var query = db.ExportRequests.AsNoTracking();
        if (Enum.TryParse<ExportStatus>(status, ignoreCase: true, out var wanted))
        {
            query = query.Where(e => e.Status == wanted);
        }

        var mine = await query.Where(e => memberTenants.Contains(e.TenantId)).OrderByDescending(e => e.RequestedAt).Take(500).ToListAsync(cancellationToken);
        var reviewable = new List<ExportRequest>();
        if (identity.IsAccessCommittee || identity.DataHolderOrganizations.Count > 0)
        {
            foreach (var candidate in await query.Where(e => !memberTenants.Contains(e.TenantId)).OrderByDescending(e => e.RequestedAt).Take(500).ToListAsync(cancellationToken))
            {
                if (await ExportReviewers.MayReviewAsync(db, identity, candidate, cancellationToken))
                {
                    reviewable.Add(candidate);
                }
            }
        }

        return TypedResults.Ok(mine.Concat(reviewable).OrderByDescending(e => e.RequestedAt).Select(ExportResponse.From).ToList());
    }

    private static async Task<Results<Ok<ExportResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var (export, _) = await FindAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        return export is null ? NotFound(id) : TypedResults.Ok(ExportResponse.From(export));
    }

    private static async Task<Results<Ok<ExportResponse>, ProblemHttpResult>> DecideAsync(
        Guid id, ExportDecisionBody body, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        var (export, isMember) = await FindAsync(db, identity, id, cancellationToken, tracking: true);
        if (export is null)
        {
            return NotFound(id);
        }

        if (!await ExportReviewers.MayReviewAsync(db, identity, export, cancellationToken))
        {
            return TypedResults.Problem(title: "Not allowed.", statusCode: StatusCodes.Status403Forbidden,
                detail: isMember && export.RequestedBy == identity.Subject
                    ? "You asked for this export; someone else must review it."
                    : "Only the access committee, or the data holder of every dataset the job used, may decide an export.",
                extensions: new Dictionary<string, object?> { ["rule"] = "reviewer-required" });
        }

        if (body.Decision is not ("approve" or "reject"))
        {
            return JobProblems.Invalid("decision", "decision-value", "decision must be 'approve' or 'reject'.");
        }

        if (body.Decision == "reject" && string.IsNullOrWhiteSpace(body.Note))
        {
            return JobProblems.Invalid("note", "note-required-on-reject", "say why the export is rejected, so the researcher can act on it.");
        }

        if (export.Status != ExportStatus.Pending)
        {
            return JobProblems.Conflict("status", "export-decided", $"export {id} was already decided ({export.Status}).");
        }

        export.Status = body.Decision == "approve" ? ExportStatus.Approved : ExportStatus.Rejected;
        export.DecidedBy = identity.Subject;
        export.DecidedAt = clock.GetUtcNow();
        export.DecisionNote = body.Note;
        try
        {
            await db.InTransactionAsync(async ct =>
            {
                await db.SaveChangesAsync(ct);
                // The Workers copy approved files to the exports container; wake them.
                await JobChanges.NotifyAsync(db, export.JobId, ct);
                await JobAudit.ExportDecidedAsync(http, db, export, ct);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return JobProblems.Conflict("status", "export-decided", $"export {id} was decided meanwhile.");
        }
        return TypedResults.Ok(ExportResponse.From(export));
    }

    private static async Task<Results<Ok<List<ExportLinkResponse>>, ProblemHttpResult>> LinksAsync(
        Guid id, HttpContext http, EucaimDbContext db, ExportLinks links, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        var (export, isMember) = await FindAsync(db, identity, id, cancellationToken);
        if (export is null || !isMember)
        {
            return NotFound(id);
        }

        if (export.Status != ExportStatus.Available)
        {
            return JobProblems.Conflict("status", "export-not-available",
                export.Status == ExportStatus.Approved ? $"export {id} is approved and being copied; try again shortly." : $"export {id} is {export.Status.ToString().ToLowerInvariant()}: nothing to download.");
        }

        var result = new List<ExportLinkResponse>();
        foreach (var file in export.Files)
        {
            var (url, expires) = await links.CreateAsync(BlobLayout.Exports.File(export.TenantSlug, export.Id, file), cancellationToken);
            result.Add(new ExportLinkResponse(file, url, expires));
        }

        await JobAudit.DownloadLinksIssuedAsync(http, export, cancellationToken);
        return TypedResults.Ok(result);
    }

    /// <summary>An export the caller may see: as a member of its tenant, or as one who may review it.</summary>
    private static async Task<(ExportRequest? Export, bool IsMember)> FindAsync(EucaimDbContext db, PlatformIdentity identity, Guid id, CancellationToken cancellationToken, bool tracking = false)
    {
        var exports = tracking ? db.ExportRequests : db.ExportRequests.AsNoTracking();
        var export = await exports.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (export is null)
        {
            return (null, false);
        }

        var isMember = await db.Tenants.MemberTenants(identity).AnyAsync(t => t.Id == export.TenantId, cancellationToken);
        return isMember || await ExportReviewers.MayReviewAsync(db, identity, export, cancellationToken) ? (export, isMember) : (null, false);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "Not found.", detail: $"No export request '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
