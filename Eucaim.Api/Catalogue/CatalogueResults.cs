using Eucaim.Api.Platform;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// The catalogue's outcomes as HTTP answers. Its validation answers have always been a title and
/// the per-field errors (no <c>field</c> member), and a body that is not JSON is 415.
/// </summary>
internal static class CatalogueResults
{
    public static Results<TOk, ValidationProblem, ProblemHttpResult> ToCatalogueResult<T, TOk>(this Outcome<T> outcome, Caller caller, Func<T, TOk> ok)
        where TOk : IResult
    {
        if (outcome.Succeeded)
        {
            return ok(outcome.Value);
        }

        var problem = outcome.Problem;
        if (problem.Kind == ProblemKind.Invalid && problem.Errors is { } errors && !ReferenceEquals(problem, CatalogueProblems.NotJson))
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value), title: problem.Title);
        }

        return problem.ToCatalogueProblem(caller);
    }

    public static ProblemHttpResult ToCatalogueProblem(this Problem problem, Caller caller) => ReferenceEquals(problem, CatalogueProblems.NotJson)
        ? TypedResults.Problem(title: problem.Title, detail: problem.Detail, statusCode: StatusCodes.Status415UnsupportedMediaType)
        : problem.ToHttpProblem(caller);
}
