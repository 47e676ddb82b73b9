using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Access;

/// <summary>The requester revises a request after a reviewer requested changes; it goes back to review.</summary>
public sealed class ReviseAccessRequest(UnitOfWork uow, Notifier notifier, AccessClock clock, IOptions<AccessOptions> options)
{
    public async Task<Outcome<AccessRequest>> RunAsync(Actor actor, Guid id, AccessRequestDraft? draft, CancellationToken cancellationToken)
    {
        var validated = AccessRequestValidation.Validate(draft, options.Value.MaxGrantDays);
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var content = validated.Value;
        return await uow.RunAsync<AccessRequest>(async (scope, ct) =>
        {
            var loaded = await AccessRequestLocks.LoadLockedAsync(scope.Db, actor.Identity, id, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var request = loaded.Value;
            if (AccessLifecycleRules.CheckRevise(request, actor.Identity) is { } refused)
            {
                return refused;
            }

            AccessLifecycleRules.Revise(request, content, clock.GetUtcNow());
            notifier.Notify(NotificationRecipients.AccessCommittee, AuditActions.AccessRequestResubmitted,
                $"The request '{request.Title}' of tenant {request.TenantSlug} was revised (revision {request.Revision}).", request.Id);
            scope.Audit(actor.Audit(AuditActions.AccessRequestResubmitted) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
                Details = new Dictionary<string, string?> { ["revision"] = request.Revision.ToString(CultureInfo.InvariantCulture) },
            });
            return request;
        }, cancellationToken);
    }
}
