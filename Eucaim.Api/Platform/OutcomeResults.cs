using Eucaim.Api.Audit;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Platform;

/// <summary>
/// Turns a use case's <see cref="Outcome{T}"/> into the endpoint's typed results: the value through
/// the handler's own mapping, a <see cref="Problem"/> into the one RFC 9457 answer of its kind.
/// </summary>
public static class OutcomeResults
{
    public static Results<TOk, ValidationProblem, ProblemHttpResult> ToResult<T, TOk>(this Outcome<T> outcome, Caller caller, Func<T, TOk> ok)
        where TOk : IResult
    {
        if (outcome.Succeeded)
        {
            return ok(outcome.Value);
        }

        if (IsValidation(outcome.Problem))
        {
            return ToValidationProblem(outcome.Problem);
        }

        return ToHttpProblem(outcome.Problem, caller);
    }

    /// <summary>A validation problem (400 with <c>errors</c>) or a problem of any other kind.</summary>
    public static Results<ValidationProblem, ProblemHttpResult> ToProblem(this Problem problem, Caller caller)
    {
        if (IsValidation(problem))
        {
            return ToValidationProblem(problem);
        }

        return ToHttpProblem(problem, caller);
    }

    public static bool IsValidation(Problem problem) => problem.Kind == ProblemKind.Invalid && problem.Errors is { Count: > 0 };

    /// <summary>400 with <c>errors</c> per field and <c>field</c> naming the first, as every validation answer of the API.</summary>
    public static ValidationProblem ToValidationProblem(this Problem problem)
    {
        var fields = (problem.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value);
        var extensions = new Dictionary<string, object?>();
        if (fields.Count > 0)
        {
            extensions["field"] = fields.Keys.Order(StringComparer.Ordinal).First();
        }

        AddExtensions(extensions, problem);
        return TypedResults.ValidationProblem(fields, title: problem.Title, extensions: extensions);
    }

    /// <summary>Any problem as a plain problem result (for endpoints whose result type has no validation case).</summary>
    public static ProblemHttpResult ToHttpProblem(this Problem problem, Caller caller)
    {
        if (problem.Hidden is { } hidden)
        {
            AuthorizationFailureAudit.MarkOwnershipDenied(caller.Http, hidden.Kind, hidden.Id);
        }

        return problem.ToHttpProblem();
    }

    /// <summary>A problem as a plain problem result, for callers that are not signed-in users (a job pod's token).</summary>
    public static ProblemHttpResult ToHttpProblem(this Problem problem)
    {
        var extensions = new Dictionary<string, object?>();
        if (problem.Rule is not null)
        {
            extensions["rule"] = problem.Rule;
        }

        if (problem.Errors is { Count: > 0 } errors)
        {
            extensions["errors"] = errors;
        }

        AddExtensions(extensions, problem);
        return TypedResults.Problem(title: problem.Title, detail: problem.Detail, statusCode: StatusOf(problem.Kind),
            extensions: extensions.Count == 0 ? null : extensions);
    }

    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ProblemKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        ProblemKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ProblemKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static void AddExtensions(Dictionary<string, object?> extensions, Problem problem)
    {
        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }
    }
}
