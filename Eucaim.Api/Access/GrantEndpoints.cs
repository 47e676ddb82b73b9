using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary><c>/api/grants</c>: reads for those who may see a grant; revocation by the committee, admins or the dataset's data holders.</summary>
internal static class GrantEndpoints
{
    public static async Task<Ok<List<GrantResponse>>> ListAsync(
        string? tenant, Guid? dataset, bool? active, Caller caller, EucaimDbContext db, AccessClock clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.Grants.AsNoTracking().VisibleTo(db, caller.Identity);
        if (!string.IsNullOrWhiteSpace(tenant))
        {
            query = query.Where(g => g.TenantSlug == tenant);
        }

        if (dataset is { } datasetId)
        {
            query = query.Where(g => g.DatasetId == datasetId);
        }

        if (active == true)
        {
            query = query.ActiveAt(now);
        }

        var rows = await query.OrderByDescending(g => g.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(g => GrantResponse.Of(g, now)).ToList());
    }

    public static async Task<Results<Ok<GrantResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, EucaimDbContext db, AccessClock clock, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.AsNoTracking().VisibleTo(db, caller.Identity).FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        return grant is null
            ? Problem.NotFound("grant", id, await db.Grants.AnyAsync(g => g.Id == id, cancellationToken)).ToHttpProblem(caller)
            : TypedResults.Ok(GrantResponse.Of(grant, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<GrantResponse>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        Guid id, GrantRevocationRequest? body, Caller caller, RevokeGrant revoke, AccessClock clock, CancellationToken cancellationToken)
    {
        var outcome = await revoke.RunAsync(caller.Actor, id, body?.Reason, cancellationToken);
        return outcome.ToResult(caller, grant => TypedResults.Ok(GrantResponse.Of(grant, clock.GetUtcNow())));
    }
}
