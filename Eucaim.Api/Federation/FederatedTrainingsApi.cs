using Eucaim.Api.Platform;
using Eucaim.Core.Federation;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Federation;

/// <summary><c>/api/federation/trainings</c>: federated trainings, FedAvg rounds across the nodes (tenant members; admins read).</summary>
internal static class FederatedTrainingsApi
{
    internal static IEndpointRouteBuilder MapFederatedTrainingsApi(this IEndpointRouteBuilder routes)
    {
        var trainings = routes.MapGroup("/api/federation/trainings").WithTags("Federation").RequireAuthorization(PlatformPolicies.SignedIn)
            .AddEndpointFilter(FederationSetUpFilter.InvokeAsync);
        trainings.MapPost("/", SubmitAsync)
            .WithSummary("Submits a federated training: round 1's train request goes to each active node serving some of its datasets; only weights, a sample count and declared metrics come back.");
        trainings.MapGet("/", ListAsync).WithSummary("Federated trainings of the tenants you belong to (admins: all), newest first; filter by tenant.");
        trainings.MapGet("/{id:guid}", GetAsync).WithSummary("A federated training with each round's state, aggregator job and metrics, and each node's part.");
        return routes;
    }

    private static async Task<Results<Created<FederatedTrainingResponse>, ProblemHttpResult>> SubmitAsync(
        FederatedTrainingRequest request, Caller caller, SubmitFederatedTraining submit, CancellationToken cancellationToken)
    {
        var outcome = await submit.RunAsync(caller.Actor, request.ToDraft(), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/federation/trainings/{outcome.Value.Id}", FederatedTrainingResponse.From(outcome.Value))
            : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<List<FederatedTrainingResponse>>, ProblemHttpResult>> ListAsync(
        string? tenant, Caller caller, ReadFederatedTrainings read, CancellationToken cancellationToken)
    {
        var outcome = await read.ListAsync(caller.Actor.Identity, tenant, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value.Select(FederatedTrainingResponse.From).ToList()) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<FederatedTrainingResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, ReadFederatedTrainings read, CancellationToken cancellationToken)
    {
        var outcome = await read.RunAsync(caller.Actor.Identity, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(FederatedTrainingResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }
}
