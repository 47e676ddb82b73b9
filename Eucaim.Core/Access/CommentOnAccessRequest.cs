using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Access;

/// <summary>Anyone who sees a request comments on it; the other side hears of it.</summary>
public sealed class CommentOnAccessRequest(UnitOfWork uow, Notifier notifier, AccessClock clock)
{
    public const string NotificationKind = "access-request.commented";

    public async Task<Outcome<AccessRequestComment>> RunAsync(Actor actor, Guid id, string? text, CancellationToken cancellationToken)
    {
        var validated = AccessLifecycleRules.CommentText(text, $"A comment of 1 to {AccessRules.MaxCommentLength} characters is required.");
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var body = validated.Value;
        return await uow.RunAsync<AccessRequestComment>(async (scope, ct) =>
        {
            var db = scope.Db;
            var request = await db.AccessRequests.AsNoTracking().VisibleTo(db, actor.Identity).Include(r => r.Datasets)
                .FirstOrDefaultAsync(r => r.Id == id, ct);
            if (request is null)
            {
                return Problem.NotFound("access request", id, await db.AccessRequests.AnyAsync(r => r.Id == id, ct));
            }

            var role = AccessLifecycleRules.CommentAuthorRole(actor.Identity, request);
            var comment = AccessLifecycleRules.Comment(id, actor.Identity, role, body, clock.GetUtcNow());
            db.AccessRequestComments.Add(comment);
            if (request.RequesterSubject != actor.Identity.Subject)
            {
                notifier.Notify(NotificationRecipients.User(request.RequesterSubject), NotificationKind,
                    $"New comment on '{request.Title}'.", request.Id);
            }

            if (role == "requester")
            {
                notifier.Notify(NotificationRecipients.AccessCommittee, NotificationKind,
                    $"New comment from tenant {request.TenantSlug} on '{request.Title}'.", request.Id);
            }

            return comment;
        }, cancellationToken);
    }
}
