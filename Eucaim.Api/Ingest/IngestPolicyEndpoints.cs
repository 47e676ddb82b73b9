using Eucaim.Api.Catalogue;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Ingest;

/// <summary>A dataset's de-identification policy for ingest, as set: report (default), reject, or deidentify.</summary>
public sealed record IngestPolicyRequest(string Mode, bool RetainUids, int? DateShiftRangeDays);

/// <summary>A dataset's de-identification policy for ingest: report (default), reject, or deidentify.</summary>
public sealed record IngestPolicyResponse(string Mode, bool RetainUids, int? DateShiftRangeDays)
{
    public static IngestPolicyResponse Of(IngestPolicySettings p) => new(p.Mode.ToString().ToLowerInvariant(), p.RetainUids, p.DateShiftRangeDays);
}

internal static class IngestPolicyEndpoints
{
    public static async Task<Results<Ok<IngestPolicyResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var owned = await IngestAccess.OwnedDatasetAsync(db, caller.Identity, id, cancellationToken);
        if (!owned.Succeeded)
        {
            return owned.Problem.ToHttpProblem(caller);
        }

        var policy = await db.DatasetIngestPolicies.FindAsync([id], cancellationToken);
        return TypedResults.Ok(IngestPolicyResponse.Of(IngestPolicySettings.Of(policy)));
    }

    public static async Task<Results<Ok<IngestPolicyResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Guid id, IngestPolicyRequest body, Caller caller, SetIngestPolicy set, CancellationToken cancellationToken)
    {
        var outcome = await set.RunAsync(caller.Actor, id, body.Mode, body.RetainUids, body.DateShiftRangeDays, cancellationToken);
        return outcome.ToCatalogueResult(caller, settings => TypedResults.Ok(IngestPolicyResponse.Of(settings)));
    }
}
