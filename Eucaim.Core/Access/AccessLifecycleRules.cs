using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Access;

/// <summary>The requester's side of a request (withdraw, revise), the reviewers' "changes requested", and comments.</summary>
public static class AccessLifecycleRules
{
    public static Problem? CheckWithdraw(AccessRequest request, PlatformIdentity caller)
    {
        if (request.RequesterSubject != caller.Subject)
        {
            return Problem.Forbidden("Only the requester may withdraw.", "The request was submitted by someone else.", "requester-only");
        }

        return request.IsClosed
            ? Problem.Conflict("The request is closed.", $"The request is {AccessText.Of(request.Status)}.", "request-closed")
            : null;
    }

    public static void Withdraw(AccessRequest request, DateTimeOffset now)
    {
        request.Status = AccessRequestStatus.Withdrawn;
        request.UpdatedAt = now;
        request.ClosedAt = now;
        foreach (var item in request.Datasets.Where(d => d.Status == AccessItemStatus.Pending))
        {
            item.Status = AccessItemStatus.Withdrawn;
        }
    }

    public static Problem? CheckRevise(AccessRequest request, PlatformIdentity caller)
    {
        if (request.RequesterSubject != caller.Subject)
        {
            return Problem.Forbidden("Only the requester may revise.", "The request was submitted by someone else.", "requester-only");
        }

        return request.Status != AccessRequestStatus.ChangesRequested
            ? Problem.Conflict("No changes were requested.",
                $"The request is {AccessText.Of(request.Status)}; it can be revised only after a reviewer requested changes.", "not-awaiting-changes")
            : null;
    }

    /// <summary>The new content, one revision more, and back to review: submitted if nobody decided yet, else under review.</summary>
    public static void Revise(AccessRequest request, AccessRequestContent content, DateTimeOffset now)
    {
        content.ApplyTo(request);
        request.Revision++;
        request.Status = request.Decisions.Count == 0 ? AccessRequestStatus.Submitted : AccessRequestStatus.UnderReview;
        request.UpdatedAt = now;
    }

    /// <summary>The caller's reviewer role when they may send the request back now.</summary>
    public static Outcome<string> CheckRequestChanges(AccessRequest request, PlatformIdentity caller)
    {
        var role = AccessDecisionRules.ReviewerRole(caller, request);
        if (role is null || request.RequesterSubject == caller.Subject)
        {
            return Problem.Forbidden("Only reviewers may request changes.",
                "The access committee, or a data holder whose decision the request needs, may request changes.", "reviewer-only");
        }

        if (request.Status is not (AccessRequestStatus.Submitted or AccessRequestStatus.UnderReview))
        {
            return Problem.Conflict("Changes cannot be requested now.", $"The request is {AccessText.Of(request.Status)}.", "request-not-open");
        }

        return role;
    }

    /// <summary>A comment's text, trimmed: 1 to <see cref="AccessRules.MaxCommentLength"/> characters, else <paramref name="message"/> on <c>body</c>.</summary>
    public static Outcome<string> CommentText(string? text, string message)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > AccessRules.MaxCommentLength
            ? Problem.Invalid("body", message)
            : trimmed;
    }

    /// <summary>In which role a comment is written: the requester, a reviewer, an admin, another data holder of it, else as requester side.</summary>
    public static string CommentAuthorRole(PlatformIdentity caller, AccessRequest request) =>
        request.RequesterSubject == caller.Subject ? "requester"
        : AccessDecisionRules.ReviewerRole(caller, request)
            ?? (caller.IsAdmin ? "admin" : request.Datasets.Any(d => caller.HoldsDataFor(d.OrganizationKey)) ? "data-holder" : "requester");

    public static AccessRequestComment Comment(Guid requestId, PlatformIdentity author, string role, string body, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        AccessRequestId = requestId,
        AuthorSubject = author.Subject ?? throw new InvalidOperationException("Comments are written by signed-in callers."),
        AuthorName = author.Name,
        AuthorRole = role,
        Body = body,
        CreatedAt = now,
    };
}
