using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary>
/// <c>/api/datasets/{id}/access-policy</c>: whether the data holder decides on access requests too.
/// Derived from the latest version's terms of use until a data holder sets it.
/// </summary>
internal static class AccessPolicyEndpoints
{
    public static async Task<Results<Ok<AccessPolicyResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !AccessVisibility.Sees(caller.Identity, dataset))
        {
            return Problem.NotFound("dataset", id, hidesExisting: dataset is not null).ToHttpProblem(caller);
        }

        return TypedResults.Ok(await ResponseAsync(db, dataset, cancellationToken));
    }

    public static async Task<Results<Ok<AccessPolicyResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Guid id, AccessPolicyRequest? body, Caller caller, SetAccessPolicy setPolicy, CancellationToken cancellationToken)
    {
        var outcome = await setPolicy.RunAsync(caller.Actor, id, body?.RequiresDataHolderApproval, body?.SmallCellThreshold, cancellationToken);
        return outcome.ToResult(caller, policy => TypedResults.Ok(AccessPolicyResponse.Of(policy)));
    }

    private static async Task<AccessPolicyResponse> ResponseAsync(EucaimDbContext db, Dataset dataset, CancellationToken cancellationToken)
    {
        var policy = await db.DatasetAccessPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.DatasetId == dataset.Id, cancellationToken);
        if (policy is not null)
        {
            return AccessPolicyResponse.Of(policy);
        }

        // The version a request would get by default: the latest published, else the draft.
        var terms = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.DatasetId == dataset.Id && (dataset.LatestVersion == 0 || v.Number == dataset.LatestVersion))
            .OrderByDescending(v => v.Number)
            .Select(v => v.TermsOfUse)
            .FirstOrDefaultAsync(cancellationToken);
        return new AccessPolicyResponse(dataset.Id, DataHolderApprovalRule.Derive(terms), "terms-of-use", null, null, DatasetAccessPolicy.DefaultSmallCellThreshold);
    }
}
