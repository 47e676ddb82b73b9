using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary>
/// <c>/api/datasets/{id}/access-policy</c>: whether the data holder decides on access requests too.
/// Derived from the latest version's terms of use until a data holder sets it.
/// </summary>
internal static class AccessPolicyEndpoints
{
    public static async Task<Results<Ok<AccessPolicyView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !(dataset.WasEverPublished || caller.IsAdmin || caller.HoldsDataFor(dataset.OrganizationKey)))
        {
            return AccessProblems.NotFound(http, "dataset", id, hidesExisting: dataset is not null);
        }

        return TypedResults.Ok(await ViewAsync(db, dataset, cancellationToken));
    }

    public static async Task<Results<Ok<AccessPolicyView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Guid id, AccessPolicyBody? body, HttpContext http, EucaimDbContext db, IAuditTrail audit, AccessClock clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        if (body?.RequiresDataHolderApproval is not { } requires)
        {
            return AccessProblems.Invalid("requiresDataHolderApproval", "true or false is required.");
        }

        return await AccessUnitOfWork.RunAsync<Results<Ok<AccessPolicyView>, ValidationProblem, ProblemHttpResult>>(db, async ct =>
        {
            var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
            if (dataset is null || !(dataset.WasEverPublished || caller.IsAdmin || caller.HoldsDataFor(dataset.OrganizationKey)))
            {
                return (AccessProblems.NotFound(http, "dataset", id, hidesExisting: dataset is not null), false);
            }

            if (!caller.IsAdmin && !caller.HoldsDataFor(dataset.OrganizationKey))
            {
                return (AccessProblems.Forbidden("Only the dataset's organization may change its access policy.",
                    $"This dataset belongs to '{dataset.OrganizationKey}'.", "dataset-owner"), false);
            }

            var now = clock.GetUtcNow();
            var policy = await db.DatasetAccessPolicies.FirstOrDefaultAsync(p => p.DatasetId == id, ct);
            if (policy is null)
            {
                policy = new DatasetAccessPolicy { DatasetId = id, UpdatedBy = caller.Subject! };
                db.DatasetAccessPolicies.Add(policy);
            }

            policy.RequiresDataHolderApproval = requires;
            policy.UpdatedAt = now;
            policy.UpdatedBy = caller.Subject!;
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.DatasetAccessPolicyChanged, caller, http) with
            {
                DatasetId = id,
                TargetType = "dataset",
                TargetId = id.ToString(),
                Details = new Dictionary<string, string?> { ["requiresDataHolderApproval"] = requires ? "true" : "false" },
            }, ct);
            return (TypedResults.Ok(new AccessPolicyView(id, requires, "data-holder", policy.UpdatedAt, policy.UpdatedBy)), true);
        }, cancellationToken);
    }

    private static async Task<AccessPolicyView> ViewAsync(EucaimDbContext db, Dataset dataset, CancellationToken cancellationToken)
    {
        var policy = await db.DatasetAccessPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.DatasetId == dataset.Id, cancellationToken);
        if (policy is not null)
        {
            return new AccessPolicyView(dataset.Id, policy.RequiresDataHolderApproval, "data-holder", policy.UpdatedAt, policy.UpdatedBy);
        }

        // The version a request would get by default: the latest published, else the draft.
        var terms = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.DatasetId == dataset.Id && (dataset.LatestVersion == 0 || v.Number == dataset.LatestVersion))
            .OrderByDescending(v => v.Number)
            .Select(v => v.TermsOfUse)
            .FirstOrDefaultAsync(cancellationToken);
        return new AccessPolicyView(dataset.Id, DataHolderApprovalRule.Derive(terms), "terms-of-use", null, null);
    }
}
