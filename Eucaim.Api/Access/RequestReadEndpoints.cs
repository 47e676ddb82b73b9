using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary>Reads of requests, and the comments on them from both sides.</summary>
internal static class RequestReadEndpoints
{
    public const int MaxPage = 200;

    public static async Task<Results<Ok<List<AccessRequestResponse>>, ValidationProblem>> ListAsync(
        string? status, string? tenant, int? limit, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var query = db.AccessRequests.AsNoTracking().VisibleTo(db, caller.Identity);
        if (status is not null)
        {
            if (!AccessText.TryParse(status, out var parsed))
            {
                return Problem.Invalid("status", "One of submitted, under-review, changes-requested, approved, rejected, withdrawn.").ToValidationProblem();
            }

            query = query.Where(r => r.Status == parsed);
        }

        if (!string.IsNullOrWhiteSpace(tenant))
        {
            query = query.Where(r => r.TenantSlug == tenant);
        }

        var rows = await query.Include(r => r.Datasets).Include(r => r.Decisions).AsSplitQuery()
            .OrderByDescending(r => r.CreatedAt)
            .Take(Math.Clamp(limit ?? 50, 1, MaxPage))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(AccessRequestResponse.Of).ToList());
    }

    public static async Task<Results<Ok<AccessRequestResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var request = await db.AccessRequests.AsNoTracking().VisibleTo(db, caller.Identity)
            .Include(r => r.Datasets).Include(r => r.Decisions).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return Problem.NotFound("access request", id, await db.AccessRequests.AnyAsync(r => r.Id == id, cancellationToken)).ToHttpProblem(caller);
        }

        return TypedResults.Ok(AccessRequestResponse.Of(request));
    }

    public static async Task<Results<Ok<List<AccessCommentResponse>>, ProblemHttpResult>> ListCommentsAsync(
        Guid id, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.AccessRequests.VisibleTo(db, caller.Identity).AnyAsync(r => r.Id == id, cancellationToken))
        {
            return Problem.NotFound("access request", id, await db.AccessRequests.AnyAsync(r => r.Id == id, cancellationToken)).ToHttpProblem(caller);
        }

        var comments = await db.AccessRequestComments.AsNoTracking()
            .Where(c => c.AccessRequestId == id)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new AccessCommentResponse(c.Id, c.AuthorSubject, c.AuthorName, c.AuthorRole, c.Body, c.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(comments);
    }

    public static async Task<Results<Created<AccessCommentResponse>, ValidationProblem, ProblemHttpResult>> CommentAsync(
        Guid id, AccessCommentRequest? body, Caller caller, CommentOnAccessRequest comment, CancellationToken cancellationToken)
    {
        var outcome = await comment.RunAsync(caller.Actor, id, body?.Body, cancellationToken);
        return outcome.ToResult(caller, c => TypedResults.Created($"/api/access-requests/{id}/comments/{c.Id}", AccessCommentResponse.Of(c)));
    }
}
