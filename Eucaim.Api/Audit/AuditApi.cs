using Eucaim.Api.Platform;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Audit;

/// <summary>
/// The audit trail: the full log with filters and the chain verification for admins and the access
/// committee, who answer for who got access to what (<c>/api/audit</c>), and a dataset's access history
/// for its data holders too (<c>/api/datasets/{id}/access-history</c>).
/// </summary>
internal static class AuditApi
{
    public const int MaxPage = 500;

    public static IEndpointRouteBuilder MapEucaimAudit(this IEndpointRouteBuilder routes)
    {
        // The AccessCommittee policy admits admins too.
        var audit = routes.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.AccessCommittee);
        audit.MapGet("/", ListAsync).WithSummary("The audit log, newest first, filtered by action, actor, tenant, dataset, outcome and time (admins and the access committee).");
        audit.MapGet("/verify", VerifyAsync).WithSummary("Recomputes the hash chain and reports the first broken entry (admins and the access committee).");

        routes.MapGet("/api/datasets/{id:guid}/access-history", DatasetHistoryAsync).WithTags("Audit")
            .RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("Everything the audit trail holds about a dataset: requests, grants, mounts, exports (its data holders, the access committee and admins).");
        return routes;
    }

    private static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> ListAsync(
        string? action, string? actor, string? tenant, Guid? dataset, string? outcome, DateTimeOffset? from, DateTimeOffset? to,
        long? before, int? limit, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var filter = new AuditLogFilter(action, actor, tenant, dataset, outcome, from, to);
        if (filter.Validate() is { } invalid)
        {
            return invalid.ToValidationProblem();
        }

        return TypedResults.Ok(await PageAsync(filter.Apply(db.AuditEntries.AsNoTracking()), before, limit, cancellationToken));
    }

    private static async Task<Ok<AuditVerificationResponse>> VerifyAsync(
        Caller caller, AuditVerifier verifier, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var result = await verifier.VerifyAsync(cancellationToken);
        await audit.RecordAsync(caller.Actor.Audit(AuditActions.AuditVerified) with
        {
            Outcome = result.Intact ? AuditOutcomes.Success : AuditOutcomes.Failure,
            TargetType = "audit",
            Details = new Dictionary<string, string?>
            {
                ["checked"] = result.Checked.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["firstBroken"] = result.FirstBroken?.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        }, cancellationToken);
        return TypedResults.Ok(AuditVerificationResponse.Of(result));
    }

    private static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult>> DatasetHistoryAsync(
        Guid id, long? before, int? limit, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        var owns = dataset is not null
            && (caller.Identity.IsAdmin || caller.Identity.IsAccessCommittee || caller.Identity.HoldsDataFor(dataset.OrganizationKey));
        if (dataset is null || !(dataset.WasEverPublished || owns))
        {
            return Problem.NotFound("dataset", id, hidesExisting: dataset is not null).ToHttpProblem(caller);
        }

        if (!owns)
        {
            return Problem.Forbidden("Only the dataset's data holders, the access committee and admins see its access history.",
                $"This dataset belongs to '{dataset.OrganizationKey}'.", "dataset-owner").ToHttpProblem(caller);
        }

        return TypedResults.Ok(await PageAsync(db.AuditEntries.AsNoTracking().Where(e => e.DatasetId == id), before, limit, cancellationToken));
    }

    private static async Task<AuditPageResponse> PageAsync(IQueryable<AuditRecord> query, long? before, int? limit, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(limit ?? 100, 1, MaxPage);
        if (before is { } b)
        {
            query = query.Where(e => e.Seq < b);
        }

        var rows = await query.OrderByDescending(e => e.Seq).Take(size + 1).ToListAsync(cancellationToken);
        var page = rows.Take(size).Select(AuditEntryResponse.Of).ToList();
        return new AuditPageResponse(page, rows.Count > size ? page[^1].Seq : null);
    }
}
