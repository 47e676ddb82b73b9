using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Access;

/// <summary>The requester's side (withdraw, revise) and the reviewers' "changes requested".</summary>
internal static class RequestLifecycleEndpoints
{
    public static Task<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        Guid id, HttpContext http, EucaimDbContext db, IAuditTrail audit, Notifier notifier, AccessClock clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        return AccessUnitOfWork.RunAsync<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>>(db, async ct =>
        {
            var (request, missing) = await LoadLockedAsync(db, http, caller, id, ct);
            if (missing is not null)
            {
                return (missing, false);
            }

            if (request!.RequesterSubject != caller.Subject)
            {
                return (AccessProblems.Forbidden("Only the requester may withdraw.", "The request was submitted by someone else.", "requester-only"), false);
            }

            if (request.IsClosed)
            {
                return (AccessProblems.Conflict("The request is closed.", $"The request is {AccessText.Of(request.Status)}.", "request-closed"), false);
            }

            var now = clock.GetUtcNow();
            request.Status = AccessRequestStatus.Withdrawn;
            request.UpdatedAt = now;
            request.ClosedAt = now;
            foreach (var item in request.Datasets.Where(d => d.Status == AccessItemStatus.Pending))
            {
                item.Status = AccessItemStatus.Withdrawn;
            }

            notifier.Notify(NotificationRecipients.AccessCommittee, AuditActions.AccessRequestWithdrawn,
                $"The request '{request.Title}' of tenant {request.TenantSlug} was withdrawn.", request.Id);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.AccessRequestWithdrawn, caller, http) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
            }, ct);
            return (TypedResults.Ok(AccessRequestView.Of(request)), true);
        }, cancellationToken);
    }

    public static Task<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>> ReviseAsync(
        Guid id, ReviseAccessRequest? body, HttpContext http, EucaimDbContext db, IAuditTrail audit, Notifier notifier,
        AccessClock clock, IOptions<AccessOptions> options, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var errors = body is null
            ? new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] }
            : AccessRequestValidation.Validate(body.Title, body.Purpose, body.IntendedUse, body.DuoCodes, body.RequestedDays, options.Value);
        if (errors.Count > 0)
        {
            return Task.FromResult<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>>(AccessProblems.Invalid(errors));
        }

        return AccessUnitOfWork.RunAsync<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>>(db, async ct =>
        {
            var (request, missing) = await LoadLockedAsync(db, http, caller, id, ct);
            if (missing is not null)
            {
                return (missing, false);
            }

            if (request!.RequesterSubject != caller.Subject)
            {
                return (AccessProblems.Forbidden("Only the requester may revise.", "The request was submitted by someone else.", "requester-only"), false);
            }

            if (request.Status != AccessRequestStatus.ChangesRequested)
            {
                return (AccessProblems.Conflict("No changes were requested.",
                    $"The request is {AccessText.Of(request.Status)}; it can be revised only after a reviewer requested changes.", "not-awaiting-changes"), false);
            }

            var now = clock.GetUtcNow();
            request.Title = body!.Title!.Trim();
            request.Purpose = body.Purpose!.Trim();
            request.IntendedUse = string.IsNullOrWhiteSpace(body.IntendedUse) ? null : body.IntendedUse.Trim();
            request.DuoCodes = (body.DuoCodes ?? []).Distinct(StringComparer.Ordinal).ToList();
            request.RequestedDays = body.RequestedDays!.Value;
            request.Revision++;
            request.Status = request.Decisions.Count == 0 ? AccessRequestStatus.Submitted : AccessRequestStatus.UnderReview;
            request.UpdatedAt = now;
            notifier.Notify(NotificationRecipients.AccessCommittee, AuditActions.AccessRequestResubmitted,
                $"The request '{request.Title}' of tenant {request.TenantSlug} was revised (revision {request.Revision}).", request.Id);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.AccessRequestResubmitted, caller, http) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
                Details = new Dictionary<string, string?> { ["revision"] = request.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, ct);
            return (TypedResults.Ok(AccessRequestView.Of(request)), true);
        }, cancellationToken);
    }

    public static Task<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>> RequestChangesAsync(
        Guid id, CommentBody? body, HttpContext http, EucaimDbContext db, IAuditTrail audit, Notifier notifier, AccessClock clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var text = body?.Body?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > AccessRules.MaxCommentLength)
        {
            return Task.FromResult<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>>(
                AccessProblems.Invalid("body", $"Say what should change (1 to {AccessRules.MaxCommentLength} characters)."));
        }

        return AccessUnitOfWork.RunAsync<Results<Ok<AccessRequestView>, ValidationProblem, ProblemHttpResult>>(db, async ct =>
        {
            var (request, missing) = await LoadLockedAsync(db, http, caller, id, ct);
            if (missing is not null)
            {
                return (missing, false);
            }

            var role = ReviewerRole(caller, request!);
            if (role is null || request!.RequesterSubject == caller.Subject)
            {
                return (AccessProblems.Forbidden("Only reviewers may request changes.",
                    "The access committee, or a data holder whose decision the request needs, may request changes.", "reviewer-only"), false);
            }

            if (request.Status is not (AccessRequestStatus.Submitted or AccessRequestStatus.UnderReview))
            {
                return (AccessProblems.Conflict("Changes cannot be requested now.", $"The request is {AccessText.Of(request.Status)}.", "request-not-open"), false);
            }

            var now = clock.GetUtcNow();
            request!.Status = AccessRequestStatus.ChangesRequested;
            request.UpdatedAt = now;
            db.AccessRequestComments.Add(new AccessRequestComment
            {
                Id = Guid.CreateVersion7(now),
                AccessRequestId = request.Id,
                AuthorSubject = caller.Subject!,
                AuthorName = caller.Name,
                AuthorRole = role,
                Body = text!,
                CreatedAt = now,
            });
            notifier.Notify(NotificationRecipients.User(request.RequesterSubject), "access-request.changes-requested",
                $"Changes were requested on '{request.Title}': {text}", request.Id);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.AccessRequestDecided, caller, http) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
                Details = new Dictionary<string, string?> { ["decision"] = "request-changes", ["party"] = role },
            }, ct);
            return (TypedResults.Ok(AccessRequestView.Of(request)), true);
        }, cancellationToken);
    }

    /// <summary>The caller's reviewing role on the request, or null when they are no reviewer of it.</summary>
    public static string? ReviewerRole(PlatformIdentity caller, AccessRequest request) =>
        caller.IsAccessCommittee ? "committee"
        : request.Datasets.Any(d => d.RequiresDataHolderApproval && caller.HoldsDataFor(d.OrganizationKey)) ? "data-holder"
        : null;

    /// <summary>Locks the request row and loads it, or answers 404 when it is missing or not visible.</summary>
    public static async Task<(AccessRequest? Request, ProblemHttpResult? Missing)> LoadLockedAsync(
        EucaimDbContext db, HttpContext http, PlatformIdentity caller, Guid id, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM access_requests WHERE id = {id} FOR UPDATE", cancellationToken);
        var visible = await db.AccessRequests.VisibleTo(db, caller).AnyAsync(r => r.Id == id, cancellationToken);
        var request = await db.AccessRequests.Include(r => r.Datasets).Include(r => r.Decisions).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return request is null || !visible
            ? (null, AccessProblems.NotFound(http, "access request", id, hidesExisting: request is not null))
            : (request, null);
    }
}
