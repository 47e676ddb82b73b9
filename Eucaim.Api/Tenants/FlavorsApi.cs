using Eucaim.Api.Platform;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Tenants;

/// <summary><c>/api/flavors</c>: the compute sizes jobs ask for. Everyone signed in reads them; admins manage them.</summary>
internal static class FlavorsApi
{
    internal static IEndpointRouteBuilder MapFlavorsApi(this IEndpointRouteBuilder routes)
    {
        var flavors = routes.MapGroup("/api/flavors").WithTags("Flavors");
        flavors.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.SignedIn).WithSummary("Every flavor, by name.");
        flavors.MapGet("/{name}", GetAsync).RequireAuthorization(PlatformPolicies.SignedIn).WithSummary("One flavor.");

        var admin = flavors.MapGroup("").RequireAuthorization(PlatformPolicies.Admin);
        admin.MapPost("/", CreateAsync).WithSummary("Adds a flavor (admins only).");
        admin.MapPut("/{name}", UpdateAsync).WithSummary("Changes a flavor (admins only).");
        admin.MapDelete("/{name}", DeleteAsync).WithSummary("Removes a flavor no tenant allows (admins only).");
        return routes;
    }

    private static async Task<Ok<List<FlavorResponse>>> ListAsync(FindFlavors flavors, CancellationToken cancellationToken) =>
        TypedResults.Ok((await flavors.AllAsync(cancellationToken)).Select(FlavorResponse.From).ToList());

    private static async Task<Results<Ok<FlavorResponse>, ProblemHttpResult>> GetAsync(string name, Caller caller, FindFlavors flavors, CancellationToken cancellationToken)
    {
        var outcome = await flavors.RunAsync(name, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(FlavorResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Created<FlavorResponse>, ValidationProblem>> CreateAsync(
        FlavorRequest request, CreateFlavor create, CancellationToken cancellationToken)
    {
        var outcome = await create.RunAsync(request.ToFlavor(request.Name ?? ""), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/flavors/{outcome.Value.Name}", FlavorResponse.From(outcome.Value))
            : outcome.Problem.ToValidationProblem();
    }

    private static async Task<Results<Ok<FlavorResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string name, FlavorRequest request, Caller caller, UpdateFlavor update, CancellationToken cancellationToken) =>
        (await update.RunAsync(name, request.ToFlavor(request.Name ?? name), cancellationToken)).ToResult(caller, f => TypedResults.Ok(FlavorResponse.From(f)));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, Caller caller, DeleteFlavor delete, CancellationToken cancellationToken)
    {
        var outcome = await delete.RunAsync(name, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Problem.ToHttpProblem(caller);
    }
}
