using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Jobs;

/// <summary>Problem documents of the job endpoints; each names the offending field and the rule.</summary>
internal static class JobProblems
{
    /// <summary>
    /// Every refusal at once, so a dry run explains everything wrong with a request. The status is
    /// the first class that applies: 400 (the request itself is wrong), then 403 (no grant or flavor
    /// permission), then 409 (quota or tenant state).
    /// </summary>
    public static ProblemHttpResult Refused(IReadOnlyList<JobRefusal> refusals)
    {
        var status = refusals.Any(r => r.Status == 400) ? 400 : refusals.Any(r => r.Status == 403) ? 403 : 409;
        var title = status switch { 400 => "Invalid job.", 403 => "Not allowed.", _ => "Conflict." };
        var errors = refusals.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => g.Select(r => r.Message).ToArray());
        return TypedResults.Problem(
            title: title,
            detail: string.Join(" ", refusals.Select(r => $"{r.Field}: {r.Message}")),
            statusCode: status,
            extensions: new Dictionary<string, object?>
            {
                ["field"] = refusals[0].Field,
                ["rule"] = refusals[0].Rule,
                ["errors"] = errors,
                ["refusals"] = refusals.Select(r => new { r.Field, r.Rule, r.Status, r.Message }).ToList(),
            });
    }

    /// <summary>The same answer for a job that does not exist and one of a tenant the caller is not in.</summary>
    public static ProblemHttpResult JobNotFound(Guid id) =>
        TypedResults.Problem(title: "Not found.", detail: $"No job '{id}'.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult TenantNotFound(string key) =>
        TypedResults.Problem(title: "Not found.", detail: $"No tenant '{key}'.", statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["field"] = "tenant" });

    public static ProblemHttpResult Conflict(string field, string rule, string detail) =>
        TypedResults.Problem(title: "Conflict.", detail: detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["field"] = field, ["rule"] = rule });

    public static ProblemHttpResult Invalid(string field, string rule, string detail) =>
        TypedResults.Problem(title: "Invalid request.", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field, ["rule"] = rule, ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
