using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Access;

/// <summary>A reviewer sends an open request back to its requester, saying (in a comment) what should change.</summary>
public sealed class RequestAccessChanges(UnitOfWork uow, Notifier notifier, AccessClock clock)
{
    public const string NotificationKind = "access-request.changes-requested";

    public async Task<Outcome<AccessRequest>> RunAsync(Actor actor, Guid id, string? text, CancellationToken cancellationToken)
    {
        var validated = AccessLifecycleRules.CommentText(text, $"Say what should change (1 to {AccessRules.MaxCommentLength} characters).");
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var body = validated.Value;
        return await uow.RunAsync<AccessRequest>(async (scope, ct) =>
        {
            var loaded = await AccessRequestLocks.LoadLockedAsync(scope.Db, actor.Identity, id, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var request = loaded.Value;
            var role = AccessLifecycleRules.CheckRequestChanges(request, actor.Identity);
            if (!role.Succeeded)
            {
                return role.Problem;
            }

            var now = clock.GetUtcNow();
            request.Status = AccessRequestStatus.ChangesRequested;
            request.UpdatedAt = now;
            scope.Db.AccessRequestComments.Add(AccessLifecycleRules.Comment(request.Id, actor.Identity, role.Value, body, now));
            notifier.Notify(NotificationRecipients.User(request.RequesterSubject), NotificationKind,
                $"Changes were requested on '{request.Title}': {body}", request.Id);
            scope.Audit(actor.Audit(AuditActions.AccessRequestDecided) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
                Details = new Dictionary<string, string?> { ["decision"] = "request-changes", ["party"] = role.Value },
            });
            return request;
        }, cancellationToken);
    }
}
