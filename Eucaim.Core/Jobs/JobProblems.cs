using Eucaim.Core.Platform;

namespace Eucaim.Core.Jobs;

/// <summary>
/// The problems of the job and export endpoints. Their bodies carry <c>field</c> and <c>rule</c>
/// (and <c>errors</c> for invalid input) as extensions in this order, as they always did, so they
/// are built here rather than with the general factories.
/// </summary>
public static class JobProblems
{
    /// <summary>
    /// Every refusal at once, so a dry run explains everything wrong with a request. The kind is
    /// the first class that applies: 400 (the request itself is wrong), then 403 (no grant or flavor
    /// permission), then 409 (quota or tenant state).
    /// </summary>
    public static Problem Refused(IReadOnlyList<JobRefusal> refusals)
    {
        var kind = refusals.Any(r => r.Status == 400) ? ProblemKind.Invalid : refusals.Any(r => r.Status == 403) ? ProblemKind.Forbidden : ProblemKind.Conflict;
        var title = kind switch { ProblemKind.Invalid => "Invalid job.", ProblemKind.Forbidden => "Not allowed.", _ => "Conflict." };
        var errors = refusals.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => g.Select(r => r.Message).ToArray());
        return new Problem(kind, title, string.Join(" ", refusals.Select(r => $"{r.Field}: {r.Message}")))
        {
            Extensions = new Dictionary<string, object?>
            {
                ["field"] = refusals[0].Field,
                ["rule"] = refusals[0].Rule,
                ["errors"] = errors,
                ["refusals"] = refusals.Select(r => new { r.Field, r.Rule, r.Status, r.Message }).ToList(),
            },
        };
    }

    /// <summary>The same answer for a job that does not exist and one of a tenant the caller is not in.</summary>
    public static Problem JobNotFound(Guid id) => Problem.NotFound("job", id);

    public static Problem TenantNotFound(string key) =>
        Problem.NotFound("tenant", key) with { Extensions = new Dictionary<string, object?> { ["field"] = "tenant" } };

    public static Problem Conflict(string field, string rule, string detail) =>
        new(ProblemKind.Conflict, "Conflict.", detail) { Extensions = new Dictionary<string, object?> { ["field"] = field, ["rule"] = rule } };

    /// <summary>An invalid input as a plain problem (not a validation problem): <c>field</c>, <c>rule</c> and <c>errors</c> as extensions.</summary>
    public static Problem Invalid(string field, string rule, string detail) =>
        new(ProblemKind.Invalid, "Invalid request.", detail)
        {
            Extensions = new Dictionary<string, object?> { ["field"] = field, ["rule"] = rule, ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
        };
}
