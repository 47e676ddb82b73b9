using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Access;

/// <summary>The requester withdraws an open request: its undecided datasets are withdrawn, decided ones keep their outcome.</summary>
public sealed class WithdrawAccessRequest(UnitOfWork uow, Notifier notifier, AccessClock clock)
{
    public Task<Outcome<AccessRequest>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        uow.RunAsync<AccessRequest>(async (scope, ct) =>
        {
            var loaded = await AccessRequestLocks.LoadLockedAsync(scope.Db, actor.Identity, id, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var request = loaded.Value;
            if (AccessLifecycleRules.CheckWithdraw(request, actor.Identity) is { } refused)
            {
                return refused;
            }

            AccessLifecycleRules.Withdraw(request, clock.GetUtcNow());
            notifier.Notify(NotificationRecipients.AccessCommittee, AuditActions.AccessRequestWithdrawn,
                $"The request '{request.Title}' of tenant {request.TenantSlug} was withdrawn.", request.Id);
            scope.Audit(actor.Audit(AuditActions.AccessRequestWithdrawn) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
            });
            return request;
        }, cancellationToken);
}
