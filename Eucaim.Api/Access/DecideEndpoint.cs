using System.Globalization;
using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Access;

/// <summary>
/// <c>POST /api/access-requests/{id}/decisions</c>: one party's decision on one dataset. The request
/// row is locked for the transaction, so decisions on one request are serialized: of two concurrent
/// deciders exactly one wins, the other gets 409 (the unique index on decisions is the backstop).
/// </summary>
internal static class DecideEndpoint
{
    public static async Task<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecideAccessRequest? body, HttpContext http, EucaimDbContext db, IAuditTrail audit, Notifier notifier,
        AccessClock clock, IOptions<AccessOptions> options, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var errors = new Dictionary<string, string[]>();
        if (body?.DatasetId is null)
        {
            errors["datasetId"] = ["The dataset decided on is required."];
        }

        var approve = body?.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => true,
            "reject" => false,
            _ => (bool?)null,
        };
        if (approve is null)
        {
            errors["decision"] = ["The decision is 'approve' or 'reject'."];
        }

        ReviewParty? asParty = body?.As?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "committee" => ReviewParty.Committee,
            "data-holder" => ReviewParty.DataHolder,
            _ => (ReviewParty)(-1),
        };
        if (asParty is (ReviewParty)(-1))
        {
            errors["as"] = ["Decide 'as' 'committee' or 'data-holder' (or leave it out)."];
        }

        if (body?.Comment is { Length: > AccessRules.MaxCommentLength })
        {
            errors["comment"] = [$"At most {AccessRules.MaxCommentLength} characters."];
        }

        if (body?.Conditions is { Length: > 2000 })
        {
            errors["conditions"] = ["At most 2000 characters."];
        }

        if (errors.Count > 0)
        {
            return AccessProblems.Invalid(errors);
        }

        return await AccessUnitOfWork.RunAsync<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>>(db, async ct =>
        {
            // Serializes every decision on this request across Api replicas until the commit.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM access_requests WHERE id = {id} FOR UPDATE", ct);
            var visible = await db.AccessRequests.VisibleTo(db, caller).AnyAsync(r => r.Id == id, ct);
            var request = await db.AccessRequests.Include(r => r.Datasets).Include(r => r.Decisions).AsSplitQuery()
                .FirstOrDefaultAsync(r => r.Id == id, ct);
            if (request is null || !visible)
            {
                return (AccessProblems.NotFound(http, "access request", id, hidesExisting: request is not null), false);
            }

            if (request.RequesterSubject == caller.Subject)
            {
                return (AccessProblems.Forbidden("You cannot decide your own request.",
                    "A request is decided by the access committee and data holders other than its requester.", "no-self-decision"), false);
            }

            var item = request.Datasets.FirstOrDefault(d => d.DatasetId == body!.DatasetId);
            var party = asParty ?? (caller.IsAccessCommittee ? ReviewParty.Committee
                : item is not null && caller.HoldsDataFor(item.OrganizationKey) ? ReviewParty.DataHolder
                : ReviewParty.Committee);
            var mayDecide = party == ReviewParty.Committee
                ? caller.IsAccessCommittee
                : item is not null && caller.HoldsDataFor(item.OrganizationKey);
            if (!mayDecide)
            {
                return (AccessProblems.Forbidden("You may not decide on this dataset.", party == ReviewParty.Committee
                    ? "Only members of the access committee decide as the committee."
                    : "Only data holders of the dataset's organization decide as its data holder.", "decider-role"), false);
            }

            if (request.IsClosed)
            {
                return (AccessProblems.Conflict("The request is closed.",
                    $"The request is {AccessText.Of(request.Status)}: it takes no more decisions.", "request-closed"), false);
            }

            if (request.Status == AccessRequestStatus.ChangesRequested)
            {
                return (AccessProblems.Conflict("Changes were requested.",
                    "The request waits for the requester's changes; decide after they resubmit it.", "awaiting-changes"), false);
            }

            if (item is null)
            {
                return (AccessProblems.Invalid("datasetId", $"Dataset {body!.DatasetId} is not part of this request."), false);
            }

            if (party == ReviewParty.DataHolder && !item.RequiresDataHolderApproval)
            {
                return (AccessProblems.Invalid("as", "This dataset's terms leave the decision to the access committee alone."), false);
            }

            if (request.Decisions.Any(d => d.DatasetId == item.DatasetId && d.Party == party))
            {
                return (AccessProblems.Conflict("Already decided.",
                    $"The {AccessText.Of(party)} already decided on dataset {item.DatasetId}.", "already-decided"), false);
            }

            if (item.Status != AccessItemStatus.Pending)
            {
                return (AccessProblems.Conflict("The dataset is already decided.",
                    $"Dataset {item.DatasetId} is {AccessText.Of(item.Status)}.", "dataset-decided"), false);
            }

            var now = clock.GetUtcNow();
            var latestEnd = now.AddDays(options.Value.MaxGrantDays);
            if (approve == true && body!.ValidUntil is { } until && (until <= now || until > latestEnd))
            {
                return (AccessProblems.Invalid("validUntil",
                    $"The grant's end must be after now and at most {options.Value.MaxGrantDays} days ahead ({latestEnd:O})."), false);
            }

            var decision = new AccessDecision
            {
                Id = Guid.CreateVersion7(now),
                AccessRequestId = request.Id,
                DatasetId = item.DatasetId,
                Party = party,
                Approved = approve!.Value,
                DeciderSubject = caller.Subject!,
                Comment = string.IsNullOrWhiteSpace(body!.Comment) ? null : body.Comment.Trim(),
                ValidUntil = approve == true ? body.ValidUntil : null,
                Conditions = approve == true && !string.IsNullOrWhiteSpace(body.Conditions) ? body.Conditions.Trim() : null,
                DecidedAt = now,
            };
            // Adding fixes up the loaded request's collection; add by hand only if it did not.
            db.AccessDecisions.Add(decision);
            if (!request.Decisions.Contains(decision))
            {
                request.Decisions.Add(decision);
            }

            var grant = Settle(request, item, now, latestEnd, caller);
            if (grant is not null)
            {
                db.Grants.Add(grant);
            }

            request.Status = request.Datasets.Any(d => d.Status == AccessItemStatus.Pending) ? AccessRequestStatus.UnderReview
                : request.Datasets.Any(d => d.Status == AccessItemStatus.Approved) ? AccessRequestStatus.Approved
                : AccessRequestStatus.Rejected;
            request.UpdatedAt = now;
            if (request.IsClosed)
            {
                request.ClosedAt = now;
            }

            Notify(notifier, request, item, decision, grant);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (AccessUnitOfWork.IsUniqueViolation(ex) || ex is DbUpdateConcurrencyException)
            {
                return (AccessProblems.Conflict("Already decided.", "Another decision on this dataset committed first.", "already-decided"), false);
            }

            await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.AccessRequestDecided, caller, http) with
            {
                TenantSlug = request.TenantSlug,
                DatasetId = item.DatasetId,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["party"] = AccessText.Of(party),
                    ["decision"] = decision.Approved ? "approve" : "reject",
                    ["datasetStatus"] = AccessText.Of(item.Status),
                    ["requestStatus"] = AccessText.Of(request.Status),
                },
            }, ct);
            if (grant is not null)
            {
                await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.GrantCreated, caller, http) with
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
                }, ct);
            }

            return (TypedResults.Ok(AccessRequestView.Of(request)), true);
        }, cancellationToken);
    }

    /// <summary>Applies the decisions so far to the dataset; returns the grant when it just became approved.</summary>
    private static Grant? Settle(AccessRequest request, AccessRequestDataset item, DateTimeOffset now, DateTimeOffset latestEnd, PlatformIdentity caller)
    {
        var decisions = request.Decisions.Where(d => d.DatasetId == item.DatasetId).ToList();
        if (decisions.Any(d => !d.Approved))
        {
            item.Status = AccessItemStatus.Rejected;
            item.DecidedAt = now;
            return null;
        }

        var committee = decisions.FirstOrDefault(d => d.Party == ReviewParty.Committee);
        var holder = decisions.FirstOrDefault(d => d.Party == ReviewParty.DataHolder);
        if (committee is null || (item.RequiresDataHolderApproval && holder is null))
        {
            return null;
        }

        // The earliest of: what was asked for, what any decider set, the platform maximum.
        var ends = new[] { now.AddDays(request.RequestedDays), latestEnd, committee.ValidUntil ?? latestEnd, holder?.ValidUntil ?? latestEnd };
        var conditions = string.Join("\n", decisions.Where(d => d.Conditions is not null).Select(d => $"{AccessText.Of(d.Party)}: {d.Conditions}"));
        var grant = new Grant
        {
            Id = Guid.CreateVersion7(now),
            TenantId = request.TenantId,
            TenantSlug = request.TenantSlug,
            DatasetId = item.DatasetId,
            Version = item.Version,
            ValidFrom = now,
            ValidUntil = ends.Min(),
            Conditions = conditions.Length == 0 ? null : conditions.Length > 4000 ? conditions[..4000] : conditions,
            AccessRequestId = request.Id,
            CreatedAt = now,
            CreatedBy = caller.Subject!,
        };
        item.Status = AccessItemStatus.Approved;
        item.GrantId = grant.Id;
        item.DecidedAt = now;
        return grant;
    }

    private static void Notify(Notifier notifier, AccessRequest request, AccessRequestDataset item, AccessDecision decision, Grant? grant)
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
}
