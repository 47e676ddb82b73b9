using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Tenants;

/// <summary>The problem documents of the tenant and flavor endpoints; each names the offending field.</summary>
internal static class TenantProblems
{
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid request.",
            extensions: new Dictionary<string, object?> { ["field"] = errors.Keys.Order(StringComparer.Ordinal).First() });

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The same answer for a tenant that does not exist and one the caller may not see.</summary>
    public static ProblemHttpResult TenantNotFound(string key) =>
        TypedResults.Problem(title: "Not found.", detail: $"No tenant '{key}'.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult FlavorNotFound(string name) =>
        TypedResults.Problem(title: "Not found.", detail: $"No flavor '{name}'.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "Conflict.", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
