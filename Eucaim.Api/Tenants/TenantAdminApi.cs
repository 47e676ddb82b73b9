using Eucaim.Api.Platform;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Tenants;

/// <summary>
/// The admin actions on tenants. Each use case changes the desired state, bumps the generation,
/// records a <see cref="TenantEvent"/> in the same transaction and wakes the provisioner.
/// </summary>
internal static class TenantAdminApi
{
    public static async Task<Results<Created<TenantResponse>, ValidationProblem>> CreateAsync(
        CreateTenantRequest request, Caller caller, CreateTenant create, CancellationToken cancellationToken)
    {
        var outcome = await create.RunAsync(caller.Actor, request.ToDraft(), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/tenants/{outcome.Value.Slug}", TenantResponse.From(outcome.Value, withMembers: true))
            : outcome.Problem.ToValidationProblem();
    }

    public static async Task<Results<Ok<TenantResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string tenant, UpdateTenantRequest request, Caller caller, UpdateTenant update, CancellationToken cancellationToken) =>
        (await update.RunAsync(caller.Actor, tenant, request.ToDraft(), cancellationToken)).ToResult(caller, t => TypedResults.Ok(TenantResponse.From(t, withMembers: true)));

    public static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SuspendAsync(
        string tenant, Caller caller, ChangeTenantState change, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, TenantState.Suspended, caller, change, cancellationToken);

    public static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> ResumeAsync(
        string tenant, Caller caller, ChangeTenantState change, CancellationToken cancellationToken) =>
        ChangeAsync(tenant, TenantState.Active, caller, change, cancellationToken);

    /// <summary>Marks the tenant for deletion; the provisioner stops its jobs, removes its namespace or sandbox, then the row.</summary>
    public static async Task<Results<Accepted<TenantResponse>, ProblemHttpResult>> DeleteAsync(
        string tenant, Caller caller, ChangeTenantState change, CancellationToken cancellationToken)
    {
        var outcome = await change.RunAsync(caller.Actor, tenant, TenantState.Deleting, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Accepted($"/api/tenants/{outcome.Value.Slug}", TenantResponse.From(outcome.Value, withMembers: true))
            : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> ChangeAsync(
        string tenant, TenantState state, Caller caller, ChangeTenantState change, CancellationToken cancellationToken)
    {
        var outcome = await change.RunAsync(caller.Actor, tenant, state, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(TenantResponse.From(outcome.Value, withMembers: true)) : outcome.Problem.ToHttpProblem(caller);
    }
}
