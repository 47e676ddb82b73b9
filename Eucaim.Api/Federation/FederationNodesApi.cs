using Eucaim.Api.Platform;
using Eucaim.Core.Federation;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Federation;

/// <summary><c>/api/federation/nodes</c>: the hospitals' nodes the hub trusts (admins only).</summary>
internal static class FederationNodesApi
{
    internal static IEndpointRouteBuilder MapFederationNodesApi(this IEndpointRouteBuilder routes)
    {
        var nodes = routes.MapGroup("/api/federation/nodes").WithTags("Federation").RequireAuthorization(PlatformPolicies.Admin)
            .AddEndpointFilter(FederationSetUpFilter.InvokeAsync);
        nodes.MapPost("/", RegisterAsync).WithSummary("Registers a node: its id, its public key (compared out of band) and the federated datasets it serves (admins only).");
        nodes.MapGet("/", ListAsync).WithSummary("Every registered node, by id (admins only).");
        nodes.MapGet("/{id}", GetAsync).WithSummary("One node (admins only).");
        nodes.MapPost("/{id}/revoke", RevokeAsync).WithSummary("Revokes a node: no more queries, its messages refused with 403 (admins only).");
        return routes;
    }

    private static async Task<Results<Created<FederatedNodeResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        FederatedNodeRequest request, Caller caller, RegisterFederatedNode register, CancellationToken cancellationToken) =>
        (await register.RunAsync(caller.Actor, request.ToRegistration(), cancellationToken))
            .ToResult(caller, n => TypedResults.Created($"/api/federation/nodes/{n.Id}", FederatedNodeResponse.From(n)));

    private static async Task<Ok<List<FederatedNodeResponse>>> ListAsync(FindFederatedNodes nodes, CancellationToken cancellationToken) =>
        TypedResults.Ok((await nodes.AllAsync(cancellationToken)).Select(FederatedNodeResponse.From).ToList());

    private static async Task<Results<Ok<FederatedNodeResponse>, ProblemHttpResult>> GetAsync(string id, Caller caller, FindFederatedNodes nodes, CancellationToken cancellationToken)
    {
        var outcome = await nodes.RunAsync(id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(FederatedNodeResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<FederatedNodeResponse>, ProblemHttpResult>> RevokeAsync(string id, Caller caller, RevokeFederatedNode revoke, CancellationToken cancellationToken)
    {
        var outcome = await revoke.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(FederatedNodeResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }
}
