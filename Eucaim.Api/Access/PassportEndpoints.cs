using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary>
/// GA4GH Passport v1.2 visas for the signed-in user: one <c>ControlledAccessGrants</c> visa per dataset
/// that one of their tenants holds an active grant for, so that other GA4GH-aware services can honour
/// our grants. Verify them against <c>/.well-known/jwks.json</c> (the visas' <c>jku</c>).
/// </summary>
internal static class PassportEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";

    public static async Task<Ok<PassportResponse>> PassportAsync(
        Caller caller, EucaimDbContext db, VisaSigner signer, AccessClock clock, IAuditTrail audit,
        PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenantIds = AccessVisibility.MemberTenantIds(db, caller.Identity);
        var grants = await db.Grants.AsNoTracking().ActiveAt(now)
            .Where(g => tenantIds.Contains(g.TenantId))
            .ToListAsync(cancellationToken);

        var baseUrl = publicUrl.Base;
        var visas = new List<string>();
        foreach (var grant in VisaClaims.Asserted(grants))
        {
            visas.Add(await signer.SignAsync(baseUrl, baseUrl + JwksPath, caller.Actor.Subject, now, grant.ValidUntil,
                VisaClaims.ControlledAccessGrant(grant, baseUrl), cancellationToken));
        }

        await audit.RecordAsync(caller.Actor.Audit(AuditActions.VisasIssued) with
        {
            TargetType = "ga4gh-passport",
            Details = new Dictionary<string, string?> { ["grants"] = string.Join(',', grants.Select(g => g.Id)), ["visas"] = visas.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, cancellationToken);
        return TypedResults.Ok(new PassportResponse(visas));
    }

    public static async Task<IResult> JwksAsync(VisaSigner signer, CancellationToken cancellationToken) =>
        TypedResults.Json(await signer.JwksAsync(cancellationToken), contentType: "application/jwk-set+json");
}
