using Eucaim.Api.Platform;
using Eucaim.Core.Federation;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Federation;

/// <summary><c>/api/federation/counts</c>: federated count searches over the nodes' images (signed-in users).</summary>
internal static class FederatedCountsApi
{
    internal static IEndpointRouteBuilder MapFederatedCountsApi(this IEndpointRouteBuilder routes)
    {
        var counts = routes.MapGroup("/api/federation/counts").WithTags("Federation").RequireAuthorization(PlatformPolicies.SignedIn)
            .AddEndpointFilter(FederationSetUpFilter.InvokeAsync);
        counts.MapPost("/", AskAsync)
            .WithSummary("Asks the nodes serving matching federated datasets for private counts; answers when all did or the count time-out passed.");
        counts.MapGet("/{queryId:guid}", GetAsync).WithSummary("A federated search re-read, with answers that arrived late (its asker or an admin).");
        return routes;
    }

    private static async Task<Results<Ok<FederatedCountsResponse>, ValidationProblem, ProblemHttpResult>> AskAsync(
        FederatedCountsRequest request, Caller caller, AskFederatedCounts ask, CancellationToken cancellationToken) =>
        (await ask.RunAsync(caller.Actor, request.ToAsk(), cancellationToken)).ToResult(caller, r => TypedResults.Ok(FederatedCountsResponse.From(r)));

    private static async Task<Results<Ok<FederatedCountsResponse>, ProblemHttpResult>> GetAsync(
        Guid queryId, Caller caller, ReadFederatedCounts read, CancellationToken cancellationToken)
    {
        var outcome = await read.RunAsync(caller.Actor, queryId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(FederatedCountsResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }
}
