using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Tenants;

/// <summary>
/// <c>/api/tenants</c>: admins create, change, suspend, resume and delete tenants; members read
/// their own tenant, its quota and usage. To anyone else a tenant does not exist (404).
/// </summary>
internal static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder routes)
    {
        var tenants = routes.MapGroup("/api/tenants").WithTags("Tenants");

        tenants.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("Tenants the caller may see: all for admins, their own for members.");
        tenants.MapGet("/{tenant}", GetAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("A tenant by slug or id, with its provisioning conditions.");
        tenants.MapGet("/{tenant}/quota", GetQuotaAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("The tenant's quota.");
        tenants.MapGet("/{tenant}/usage", TenantUsage.GetAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("What the tenant uses of its quota.");

        var admin = tenants.MapGroup("").RequireAuthorization(PlatformPolicies.Admin);
        admin.MapPost("/", TenantAdmin.CreateAsync).WithSummary("Creates a tenant (admins only).");
        admin.MapPut("/{tenant}", TenantAdmin.UpdateAsync).WithSummary("Replaces a tenant's desired state (admins only).");
        admin.MapPost("/{tenant}/suspend", TenantAdmin.SuspendAsync).WithSummary("Scales the tenant's compute quota to zero (admins only).");
        admin.MapPost("/{tenant}/resume", TenantAdmin.ResumeAsync).WithSummary("Restores the tenant's quota (admins only).");
        admin.MapDelete("/{tenant}", TenantAdmin.DeleteAsync).WithSummary("Stops the tenant's jobs and removes it (admins only).");
        admin.MapGet("/{tenant}/events", ListEventsAsync).WithSummary("What happened to the tenant: admin actions and provisioning (admins only).");
        return routes;
    }

    private static async Task<Ok<List<TenantResponse>>> ListAsync(HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        // One statement: the same snapshot for the rows and their conditions (see TenantLookup).
        var rows = await db.Tenants.AsNoTracking().Include(t => t.Members).Include(t => t.Conditions).AsSingleQuery()
            .VisibleTo(identity)
            .OrderBy(t => t.Slug)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(t => TenantResponse.From(t, identity.IsAdmin)).ToList());
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(
        string tenant, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        var row = await TenantLookup.FindVisibleAsync(db, identity, tenant, tracking: false, cancellationToken);
        return row is null ? TenantProblems.TenantNotFound(tenant) : TypedResults.Ok(TenantResponse.From(row, identity.IsAdmin));
    }

    private static async Task<Results<Ok<QuotaDto>, ProblemHttpResult>> GetQuotaAsync(
        string tenant, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var row = await TenantLookup.FindVisibleAsync(db, PlatformIdentity.From(http.User), tenant, tracking: false, cancellationToken);
        return row is null ? TenantProblems.TenantNotFound(tenant) : TypedResults.Ok(QuotaDto.From(row.Quota));
    }

    private static async Task<Results<Ok<List<TenantEventResponse>>, ProblemHttpResult>> ListEventsAsync(
        string tenant, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var row = await TenantLookup.FindVisibleAsync(db, PlatformIdentity.From(http.User), tenant, tracking: false, cancellationToken);
        if (row is null)
        {
            return TenantProblems.TenantNotFound(tenant);
        }

        var events = await db.TenantEvents.AsNoTracking()
            .Where(e => e.TenantId == row.Id)
            .OrderBy(e => e.Id)
            .Select(e => new TenantEventResponse(e.Id, e.Actor, e.Action, e.Detail, e.At))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(events);
    }
}
