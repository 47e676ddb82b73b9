using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Eucaim.Api.Tenants;

/// <summary><c>/api/flavors</c>: the compute sizes jobs ask for. Everyone signed in reads them; admins manage them.</summary>
internal static class FlavorsApi
{
    public static IEndpointRouteBuilder MapFlavorsApi(this IEndpointRouteBuilder routes)
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

    private static async Task<Ok<List<FlavorResponse>>> ListAsync(EucaimDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Flavors.AsNoTracking().OrderBy(f => f.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(FlavorResponse.From).ToList());
    }

    private static async Task<Results<Ok<FlavorResponse>, ProblemHttpResult>> GetAsync(string name, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == name, cancellationToken);
        return row is null ? TenantProblems.FlavorNotFound(name) : TypedResults.Ok(FlavorResponse.From(row));
    }

    private static async Task<Results<Created<FlavorResponse>, ValidationProblem>> CreateAsync(
        FlavorRequest request, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var flavor = request.ToFlavor(request.Name ?? "");
        var errors = FlavorRules.Validate(flavor);
        if (errors.Count > 0)
        {
            return TenantProblems.Invalid(errors);
        }

        if (await db.Flavors.AnyAsync(f => f.Name == flavor.Name, cancellationToken))
        {
            return Duplicate(flavor.Name);
        }

        flavor.CreatedAt = flavor.UpdatedAt = clock.GetUtcNow();
        db.Flavors.Add(flavor);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Duplicate(flavor.Name);
        }

        return TypedResults.Created($"/api/flavors/{flavor.Name}", FlavorResponse.From(flavor));
    }

    private static async Task<Results<Ok<FlavorResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string name, FlavorRequest request, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Name is not null && request.Name != name)
        {
            return TenantProblems.Invalid("name", "A flavor's name cannot change: create a new flavor instead.");
        }

        var wanted = request.ToFlavor(name);
        var errors = FlavorRules.Validate(wanted);
        if (errors.Count > 0)
        {
            return TenantProblems.Invalid(errors);
        }

        var row = await db.Flavors.FirstOrDefaultAsync(f => f.Name == name, cancellationToken);
        if (row is null)
        {
            return TenantProblems.FlavorNotFound(name);
        }

        row.Description = wanted.Description;
        row.CpuMillicores = wanted.CpuMillicores;
        row.MemoryMib = wanted.MemoryMib;
        row.GpuCount = wanted.GpuCount;
        row.GpuType = wanted.GpuType;
        row.NodeSelector = wanted.NodeSelector;
        row.Tolerations = wanted.Tolerations;
        row.MaxRuntimeMinutes = wanted.MaxRuntimeMinutes;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(FlavorResponse.From(row));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Flavors.FirstOrDefaultAsync(f => f.Name == name, cancellationToken);
        if (row is null)
        {
            return TenantProblems.FlavorNotFound(name);
        }

        var users = await db.Tenants.CountAsync(t => t.AllowedFlavors.Contains(name), cancellationToken);
        if (users > 0)
        {
            return TenantProblems.Conflict($"Flavor '{name}' is allowed by {users} tenant(s): remove it from them first.");
        }

        db.Flavors.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ValidationProblem Duplicate(string name) =>
        TenantProblems.Invalid("name", $"A flavor named '{name}' already exists.");
}
