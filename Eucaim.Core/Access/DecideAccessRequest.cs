using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Access;

/// <summary>
/// One party's decision on one dataset of a request. The request row is locked for the transaction,
/// so decisions on one request are serialized: of two concurrent deciders exactly one wins, the other
/// gets a conflict (the unique index on decisions is the backstop, mapped to the same conflict).
/// </summary>
public sealed class DecideAccessRequest(UnitOfWork uow, Notifier notifier, AccessClock clock, IOptions<AccessOptions> options)
{
    public async Task<Outcome<AccessRequest>> RunAsync(Actor actor, Guid id, AccessDecisionInput input, CancellationToken cancellationToken)
    {
        var validated = input.Validate();
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var choice = validated.Value;
        var maxGrantDays = options.Value.MaxGrantDays;
        return await uow.RunAsync<AccessRequest>(async (scope, ct) =>
        {
            var loaded = await AccessRequestLocks.LoadLockedAsync(scope.Db, actor.Identity, id, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var request = loaded.Value;
            var now = clock.GetUtcNow();
            var plan = AccessDecisionRules.Check(request, actor.Identity, choice, now, maxGrantDays);
            if (!plan.Succeeded)
            {
                return plan.Problem;
            }

            var (decision, grant) = AccessDecisionRules.Apply(request, plan.Value, choice, actor.Subject, now, maxGrantDays);
            scope.Db.AccessDecisions.Add(decision);
            if (grant is not null)
            {
                scope.Db.Grants.Add(grant);
            }

            Notify(request, plan.Value.Item, decision, grant);
            scope.Audit(DecidedEntry(actor, request, plan.Value.Item, decision));
            if (grant is not null)
            {
                scope.Audit(GrantCreatedEntry(actor, request, grant));
            }

            return request;
        }, cancellationToken, lostRace: () => AccessDecisionRules.AlreadyDecided());
    }

    private void Notify(AccessRequest request, AccessRequestDataset item, AccessDecision decision, Grant? grant)
    {
        notifier.Notify(NotificationRecipients.User(request.RequesterSubject), AuditActions.AccessRequestDecided,
            $"The {AccessText.Of(decision.Party)} {(decision.Approved ? "approved" : "rejected")} '{item.DatasetName}' in your request '{request.Title}'.",
            request.Id, datasetId: item.DatasetId);
        if (decision.Party == ReviewParty.Committee && decision.Approved && item.Status == AccessItemStatus.Pending)
        {
            notifier.Notify(NotificationRecipients.Organization(item.OrganizationKey), AuditActions.AccessRequestDecided,
                $"The committee approved '{item.DatasetName}' for tenant {request.TenantSlug}: your organization's decision is needed.",
                request.Id, datasetId: item.DatasetId);
        }

        if (grant is not null)
        {
            notifier.Notify(NotificationRecipients.Tenant(grant.TenantSlug), AuditActions.GrantCreated,
                $"Tenant {grant.TenantSlug} may use '{item.DatasetName}' until {grant.ValidUntil:u}.", request.Id, grant.Id, grant.DatasetId);
        }
    }

    private static AuditEntry DecidedEntry(Actor actor, AccessRequest request, AccessRequestDataset item, AccessDecision decision) =>
        actor.Audit(AuditActions.AccessRequestDecided) with
        {
            TenantSlug = request.TenantSlug,
            DatasetId = item.DatasetId,
            TargetType = "access-request",
            TargetId = request.Id.ToString(),
            Details = new Dictionary<string, string?>
            {
                ["party"] = AccessText.Of(decision.Party),
                ["decision"] = decision.Approved ? "approve" : "reject",
                ["datasetStatus"] = AccessText.Of(item.Status),
                ["requestStatus"] = AccessText.Of(request.Status),
            },
        };

    private static AuditEntry GrantCreatedEntry(Actor actor, AccessRequest request, Grant grant) =>
        actor.Audit(AuditActions.GrantCreated) with
        {
            TenantSlug = grant.TenantSlug,
            DatasetId = grant.DatasetId,
            TargetType = "grant",
            TargetId = grant.Id.ToString(),
            Details = new Dictionary<string, string?>
            {
                ["accessRequest"] = request.Id.ToString(),
                ["version"] = grant.Version?.ToString(CultureInfo.InvariantCulture) ?? "latest",
                ["validFrom"] = grant.ValidFrom.ToString("O", CultureInfo.InvariantCulture),
                ["validUntil"] = grant.ValidUntil.ToString("O", CultureInfo.InvariantCulture),
            },
        };
}
