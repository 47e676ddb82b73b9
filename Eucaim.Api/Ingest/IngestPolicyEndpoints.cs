using System.Security.Cryptography;
using Eucaim.Api.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Ingest;

/// <summary>A dataset's de-identification policy for ingest: report (default), reject, or deidentify.</summary>
public sealed record IngestPolicyView(string Mode, bool RetainUids, int? DateShiftRangeDays);

internal static class IngestPolicyEndpoints
{
    public static async Task<Results<Ok<IngestPolicyView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var (found, problem) = await OwnedAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var policy = await db.DatasetIngestPolicies.FindAsync([found], cancellationToken);
        return TypedResults.Ok(policy is null ? new IngestPolicyView("report", false, null) : View(policy));
    }

    public static async Task<Results<Ok<IngestPolicyView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Guid id, IngestPolicyView body, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var (found, problem) = await OwnedAsync(db, caller, id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<DeidentificationMode>(body.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(body.Mode, out _))
        {
            errors["mode"] = ["One of report, reject, deidentify."];
        }

        if (body.DateShiftRangeDays is < 1 or > 3650)
        {
            errors["dateShiftRangeDays"] = ["Between 1 and 3650 days, or null to remove dates."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The ingest policy is not valid.");
        }

        var policy = await db.DatasetIngestPolicies.FindAsync([found], cancellationToken);
        if (policy is null)
        {
            policy = new DatasetIngestPolicy { DatasetId = id, SiteSecret = RandomNumberGenerator.GetBytes(32), UpdatedBy = "" };
            db.DatasetIngestPolicies.Add(policy);
        }

        policy.Mode = mode;
        policy.RetainUids = body.RetainUids;
        policy.DateShiftRangeDays = body.DateShiftRangeDays;
        policy.UpdatedAt = clock.GetUtcNow();
        policy.UpdatedBy = caller.Subject ?? "unknown";
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(policy));
    }

    private static IngestPolicyView View(DatasetIngestPolicy p) => new(p.Mode.ToString().ToLowerInvariant(), p.RetainUids, p.DateShiftRangeDays);

    private static async Task<(Guid Id, ProblemHttpResult? Problem)> OwnedAsync(EucaimDbContext db, PlatformIdentity caller, Guid id, CancellationToken cancellationToken)
    {
        var loaded = await DatasetStore.LoadAsync(db, id, cancellationToken);
        if (loaded is null || !caller.Sees(loaded.Dataset))
        {
            return (id, DatasetProblems.NotFound(id));
        }

        return caller.Owns(loaded.Dataset) ? (id, null) : (id, DatasetProblems.NotOwner(loaded.Dataset.OrganizationKey));
    }
}
