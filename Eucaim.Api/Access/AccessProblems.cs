using Eucaim.Api.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Access;

/// <summary>The RFC 9457 answers of the access endpoints; each names the offending field or rule.</summary>
internal static class AccessProblems
{
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string title = "The request is not valid.") =>
        TypedResults.ValidationProblem(errors, title: title,
            extensions: new Dictionary<string, object?> { ["field"] = errors.Keys.Order(StringComparer.Ordinal).First() });

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// The one answer for "does not exist" and "exists but is not yours": identical bytes either way.
    /// When it hides something that exists, the audit trail records the refusal.
    /// </summary>
    public static ProblemHttpResult NotFound(HttpContext http, string kind, object id, bool hidesExisting)
    {
        if (hidesExisting)
        {
            AuthorizationFailureAudit.MarkOwnershipDenied(http, kind, id.ToString());
        }

        return TypedResults.Problem(title: "Not found.", detail: $"No {kind} '{id}'.", statusCode: StatusCodes.Status404NotFound);
    }

    public static ProblemHttpResult Forbidden(string title, string detail, string rule) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["rule"] = rule });

    public static ProblemHttpResult Conflict(string title, string detail, string rule) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["rule"] = rule });
}
