using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary>Reads of requests, and the comments on them from both sides.</summary>
internal static class RequestReadEndpoints
{
    public const int MaxPage = 200;

    public static async Task<Results<Ok<List<AccessRequestView>>, ValidationProblem>> ListAsync(
        string? status, string? tenant, int? limit, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var query = db.AccessRequests.AsNoTracking().VisibleTo(db, caller);
        if (status is not null)
        {
            if (!AccessText.TryParse(status, out var parsed))
            {
                return AccessProblems.Invalid("status", "One of submitted, under-review, changes-requested, approved, rejected, withdrawn.");
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
        return TypedResults.Ok(rows.Select(AccessRequestView.Of).ToList());
    }

    public static async Task<Results<Ok<AccessRequestView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var request = await db.AccessRequests.AsNoTracking().VisibleTo(db, caller)
            .Include(r => r.Datasets).Include(r => r.Decisions).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return AccessProblems.NotFound(http, "access request", id, await db.AccessRequests.AnyAsync(r => r.Id == id, cancellationToken));
        }

        return TypedResults.Ok(AccessRequestView.Of(request));
    }

    public static async Task<Results<Ok<List<AccessCommentView>>, ProblemHttpResult>> ListCommentsAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        if (!await db.AccessRequests.VisibleTo(db, caller).AnyAsync(r => r.Id == id, cancellationToken))
        {
            return AccessProblems.NotFound(http, "access request", id, await db.AccessRequests.AnyAsync(r => r.Id == id, cancellationToken));
        }

        var comments = await db.AccessRequestComments.AsNoTracking()
            .Where(c => c.AccessRequestId == id)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new AccessCommentView(c.Id, c.AuthorSubject, c.AuthorName, c.AuthorRole, c.Body, c.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(comments);
    }

    public static async Task<Results<Created<AccessCommentView>, ValidationProblem, ProblemHttpResult>> CommentAsync(
        Guid id, CommentBody? body, HttpContext http, EucaimDbContext db, Notifier notifier, AccessClock clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var text = body?.Body?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > AccessRules.MaxCommentLength)
        {
            return AccessProblems.Invalid("body", $"A comment of 1 to {AccessRules.MaxCommentLength} characters is required.");
        }

        var request = await db.AccessRequests.AsNoTracking().VisibleTo(db, caller).Include(r => r.Datasets)
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return AccessProblems.NotFound(http, "access request", id, await db.AccessRequests.AnyAsync(r => r.Id == id, cancellationToken));
        }

        var role = request.RequesterSubject == caller.Subject ? "requester"
            : RequestLifecycleEndpoints.ReviewerRole(caller, request)
            ?? (caller.IsAdmin ? "admin" : request.Datasets.Any(d => caller.HoldsDataFor(d.OrganizationKey)) ? "data-holder" : "requester");
        var now = clock.GetUtcNow();
        var comment = new AccessRequestComment
        {
            Id = Guid.CreateVersion7(now),
            AccessRequestId = id,
            AuthorSubject = caller.Subject!,
            AuthorName = caller.Name,
            AuthorRole = role,
            Body = text,
            CreatedAt = now,
        };
        db.AccessRequestComments.Add(comment);
        if (request.RequesterSubject != caller.Subject)
        {
            notifier.Notify(NotificationRecipients.User(request.RequesterSubject), "access-request.commented",
                $"New comment on '{request.Title}'.", request.Id);
        }

        if (role == "requester")
        {
            notifier.Notify(NotificationRecipients.AccessCommittee, "access-request.commented",
                $"New comment from tenant {request.TenantSlug} on '{request.Title}'.", request.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/access-requests/{id}/comments/{comment.Id}",
            new AccessCommentView(comment.Id, comment.AuthorSubject, comment.AuthorName, comment.AuthorRole, comment.Body, comment.CreatedAt));
    }
}
