using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary><c>/api/notifications</c>: the caller's inbox (addressed to them, their roles, organizations and tenants).</summary>
internal static class NotificationEndpoints
{
    public static async Task<Ok<List<NotificationResponse>>> ListAsync(
        bool? unread, long? after, int? limit, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var subject = caller.Actor.Subject;
        var addresses = NotificationRecipients.Of(caller.Identity, await AccessVisibility.MemberTenantSlugsAsync(db, caller.Identity, cancellationToken));
        var query = db.Notifications.AsNoTracking().Where(n => addresses.Contains(n.Recipient));
        if (after is { } afterId)
        {
            query = query.Where(n => n.Id < afterId);
        }

        var reads = db.NotificationReads.Where(r => r.Subject == subject);
        if (unread == true)
        {
            query = query.Where(n => !reads.Any(r => r.NotificationId == n.Id));
        }

        var rows = await query.OrderByDescending(n => n.Id)
            .Take(Math.Clamp(limit ?? 50, 1, 200))
            .Select(n => new NotificationResponse(n.Id, n.Kind, n.Message, n.AccessRequestId, n.GrantId, n.DatasetId, n.CreatedAt,
                reads.Any(r => r.NotificationId == n.Id)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        long id, Caller caller, EucaimDbContext db, AccessClock clock, CancellationToken cancellationToken)
    {
        var addresses = NotificationRecipients.Of(caller.Identity, await AccessVisibility.MemberTenantSlugsAsync(db, caller.Identity, cancellationToken));
        if (!await db.Notifications.AnyAsync(n => n.Id == id && addresses.Contains(n.Recipient), cancellationToken))
        {
            return Problem.NotFound("notification", id, await db.Notifications.AnyAsync(n => n.Id == id, cancellationToken)).ToHttpProblem(caller);
        }

        // Idempotent: reading twice keeps the first time.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO notification_reads (notification_id, subject, read_at) VALUES ({id}, {caller.Actor.Subject}, {clock.GetUtcNow()}) ON CONFLICT DO NOTHING",
            cancellationToken);
        return TypedResults.NoContent();
    }
}
