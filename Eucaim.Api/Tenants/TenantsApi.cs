using Eucaim.Api.Platform;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Tenants;

/// <summary>
/// <c>/api/tenants</c>: admins create, change, suspend, resume and delete tenants; members read
/// their own tenant, its quota and usage. To anyone else a tenant does not exist (404).
/// </summary>
internal static class TenantsApi
{
    internal static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder routes)
    {
        var tenants = routes.MapGroup("/api/tenants").WithTags("Tenants");

        tenants.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("Tenants the caller may see: all for admins, their own for members.");
        tenants.MapGet("/{tenant}", GetAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("A tenant by slug or id, with its provisioning conditions.");
        tenants.MapGet("/{tenant}/quota", GetQuotaAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("The tenant's quota.");
        tenants.MapGet("/{tenant}/usage", GetUsageAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("What the tenant uses of its quota.");

        var admin = tenants.MapGroup("").RequireAuthorization(PlatformPolicies.Admin);
        admin.MapPost("/", TenantAdminApi.CreateAsync).WithSummary("Creates a tenant (admins only).");
        admin.MapPut("/{tenant}", TenantAdminApi.UpdateAsync).WithSummary("Replaces a tenant's desired state (admins only).");
        admin.MapPost("/{tenant}/suspend", TenantAdminApi.SuspendAsync).WithSummary("Scales the tenant's compute quota to zero (admins only).");
        admin.MapPost("/{tenant}/resume", TenantAdminApi.ResumeAsync).WithSummary("Restores the tenant's quota (admins only).");
        admin.MapDelete("/{tenant}", TenantAdminApi.DeleteAsync).WithSummary("Stops the tenant's jobs and removes it (admins only).");
        admin.MapGet("/{tenant}/events", ListEventsAsync).WithSummary("What happened to the tenant: admin actions and provisioning (admins only).");
        return routes;
    }

    private static async Task<Ok<List<TenantResponse>>> ListAsync(Caller caller, FindTenants tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tenants.AllAsync(caller.Actor, cancellationToken)).Select(t => TenantResponse.From(t, FindTenants.ShowsMembers(caller.Identity))).ToList());

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(string tenant, Caller caller, FindTenants tenants, CancellationToken cancellationToken)
    {
        var outcome = await tenants.RunAsync(caller.Actor, tenant, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(TenantResponse.From(outcome.Value, FindTenants.ShowsMembers(caller.Identity))) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<QuotaResponse>, ProblemHttpResult>> GetQuotaAsync(string tenant, Caller caller, FindTenants tenants, CancellationToken cancellationToken)
    {
        var outcome = await tenants.RunAsync(caller.Actor, tenant, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(QuotaResponse.From(outcome.Value.Quota)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<TenantUsageResponse>, ProblemHttpResult>> GetUsageAsync(
        string tenant, Caller caller, MeasureTenantUsage usage, CancellationToken cancellationToken)
    {
        var outcome = await usage.RunAsync(caller.Actor, tenant, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(TenantUsageResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<List<TenantEventResponse>>, ProblemHttpResult>> ListEventsAsync(
        string tenant, Caller caller, FindTenants tenants, CancellationToken cancellationToken)
    {
        var outcome = await tenants.EventsAsync(caller.Actor, tenant, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value.Select(TenantEventResponse.From).ToList()) : outcome.Problem.ToHttpProblem(caller);
    }
}
