using System.Security.Claims;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Identity;

/// <summary><c>/api/me</c> (who am I), <c>/api/users</c> (who has signed in; admins only) and <c>/api/client-config</c> (how to sign in).</summary>
internal static class IdentityApi
{
    public static IEndpointRouteBuilder MapEucaimIdentity(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me", GetMeAsync)
            .RequireAuthorization(PlatformPolicies.SignedIn)
            .WithTags("Identity")
            .WithSummary("The signed-in caller: subject, roles, organizations and tenants as the platform maps them.");

        routes.MapGet("/api/users", ListUsersAsync)
            .RequireAuthorization(PlatformPolicies.Admin)
            .WithTags("Identity")
            .WithSummary("People who have signed in, most recently seen first (admins only).");

        routes.MapClientConfig();
        return routes;
    }

    private static async Task<Ok<MeResponse>> GetMeAsync(Caller caller, ClaimsPrincipal user, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var identity = caller.Identity;
        // The issuer is not part of the platform identity: read it from the token's claims.
        var issuer = user.FindFirst("iss")?.Value;
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Issuer == issuer && u.Subject == identity.Subject)
            .Select(u => new { u.FirstSeenAt, u.LastSeenAt })
            .FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(new MeResponse(
            identity.Subject!,
            identity.Name,
            identity.Email,
            issuer,
            [.. identity.Roles.Order(StringComparer.Ordinal)],
            [.. identity.DataHolderOrganizations.Order(StringComparer.Ordinal)],
            [.. identity.Tenants.Order(StringComparer.Ordinal)],
            row?.FirstSeenAt,
            row?.LastSeenAt));
    }

    private static async Task<Results<Ok<List<UserResponse>>, ProblemHttpResult>> ListUsersAsync(
        EucaimDbContext db, CancellationToken cancellationToken, int limit = 100)
    {
        if (limit is < 1 or > 1000)
        {
            return TypedResults.Problem(
                title: "Invalid query.",
                detail: "limit must be between 1 and 1000.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = "limit" });
        }

        var users = await db.Users.AsNoTracking()
            .OrderByDescending(u => u.LastSeenAt)
            .Take(limit)
            .Select(u => new UserResponse(u.Subject, u.Issuer, u.Name, u.Email, u.FirstSeenAt, u.LastSeenAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(users);
    }
}

internal sealed record MeResponse(
    string Subject,
    string? Name,
    string? Email,
    string? Issuer,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Organizations,
    IReadOnlyList<string> Tenants,
    DateTimeOffset? FirstSeenAt,
    DateTimeOffset? LastSeenAt);

internal sealed record UserResponse(
    string Subject,
    string Issuer,
    string? Name,
    string? Email,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt);
