using Eucaim.Api.Platform;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// The catalogue's outcomes as HTTP answers. Its validation answers have always been a title and
/// the per-field errors, without the <c>field</c> member the other features add.
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

        if (OutcomeResults.IsValidation(outcome.Problem))
        {
            return TypedResults.ValidationProblem(outcome.Problem.Errors!.ToDictionary(e => e.Key, e => e.Value), title: outcome.Problem.Title);
        }

        return outcome.Problem.ToHttpProblem(caller);
    }
}
