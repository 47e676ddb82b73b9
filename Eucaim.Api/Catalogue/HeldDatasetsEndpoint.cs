using Eucaim.Api.Platform;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// <c>GET /api/datasets/mine</c>: the datasets of the caller's organizations, drafts included, which
/// search never lists (it shows published versions only). Each says who changed it last, so a data
/// holder whose edit was refused as stale (412) learns who came first.
/// </summary>
internal static class HeldDatasetsEndpoint
{
    /// <summary>More than an organization registers; the newest changes first.</summary>
    private const int Limit = 500;

    public static async Task<Ok<List<HeldDatasetResponse>>> ListAsync(Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var identity = caller.Identity;
        var organizations = identity.DataHolderOrganizations.ToList();
        var rows = await db.Datasets.AsNoTracking()
            .Where(d => identity.IsAdmin || organizations.Contains(d.OrganizationKey))
            .OrderByDescending(d => d.UpdatedAt)
            .Take(Limit)
            .Select(d => new
            {
                Dataset = d,
                OrganizationName = d.Organization != null ? d.Organization.Name : d.OrganizationKey,
                Draft = db.DatasetVersions.Where(v => v.DatasetId == d.Id && v.Status == DatasetVersionStatus.Draft)
                    .Select(v => new { v.Number, v.Name }).FirstOrDefault(),
                PublishedName = db.DatasetVersions.Where(v => v.DatasetId == d.Id && v.Number == d.LatestVersion && v.Status == DatasetVersionStatus.Published)
                    .Select(v => v.Name).FirstOrDefault(),
                ChangedBy = db.Users.Where(u => u.Subject == d.UpdatedBy).Select(u => u.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(rows.Select(r => new HeldDatasetResponse(
            r.Dataset.Id,
            new DatasetOrganizationResponse(r.Dataset.OrganizationKey, r.OrganizationName),
            r.Draft?.Name ?? r.PublishedName ?? "",
            r.Dataset.State.ToString().ToLowerInvariant(),
            r.Dataset.WasEverPublished ? r.Dataset.LatestVersion : null,
            r.Draft?.Number,
            r.Dataset.UpdatedAt,
            new DatasetChangerResponse(r.Dataset.UpdatedBy, r.ChangedBy))).ToList());
    }
}

/// <summary>Who made a change: their subject, and their name once they have signed in to the platform.</summary>
internal sealed record DatasetChangerResponse(string Subject, string? Name);

/// <summary>A dataset as its organization's data holders list it: the draft's name where there is a draft.</summary>
internal sealed record HeldDatasetResponse(
    Guid Id,
    DatasetOrganizationResponse Organization,
    string Name,
    string State,
    int? Version,
    int? DraftVersion,
    DateTimeOffset UpdatedAt,
    DatasetChangerResponse UpdatedBy);
