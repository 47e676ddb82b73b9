using Eucaim.Api.Platform;
using Eucaim.Core.Federation;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Federation;

/// <summary><c>/api/federation/runs</c>: federated validation runs (tenant members; admins read).</summary>
internal static class FederatedRunsApi
{
    internal static IEndpointRouteBuilder MapFederatedRunsApi(this IEndpointRouteBuilder routes)
    {
        var runs = routes.MapGroup("/api/federation/runs").WithTags("Federation").RequireAuthorization(PlatformPolicies.SignedIn)
            .AddEndpointFilter(FederationSetUpFilter.InvokeAsync);
        runs.MapPost("/", SubmitAsync)
            .WithSummary("Submits a federated validation run: one run request to each active node serving some of its datasets; only results of the declared schema come back.");
        runs.MapGet("/", ListAsync).WithSummary("Federated runs of the tenants you belong to (admins: all), newest first; filter by tenant.");
        runs.MapGet("/{id:guid}", GetAsync).WithSummary("A federated run with each node's state, reason and accepted result.");
        return routes;
    }

    private static async Task<Results<Created<FederatedRunResponse>, ProblemHttpResult>> SubmitAsync(
        FederatedRunRequest request, Caller caller, SubmitFederatedRun submit, CancellationToken cancellationToken)
    {
        var outcome = await submit.RunAsync(caller.Actor, request.ToDraft(), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/federation/runs/{outcome.Value.Id}", FederatedRunResponse.From(outcome.Value))
            : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<List<FederatedRunResponse>>, ProblemHttpResult>> ListAsync(
        string? tenant, Caller caller, ReadFederatedRuns read, CancellationToken cancellationToken)
    {
        var outcome = await read.ListAsync(caller.Actor.Identity, tenant, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value.Select(FederatedRunResponse.From).ToList()) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<FederatedRunResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, ReadFederatedRuns read, CancellationToken cancellationToken)
    {
        var outcome = await read.RunAsync(caller.Actor.Identity, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(FederatedRunResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }
}
