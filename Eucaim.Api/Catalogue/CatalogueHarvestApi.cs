using System.Text.Json.Nodes;
using Eucaim.Api.Platform;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// <c>GET /api/catalogue</c>: the whole public catalogue as one DCAT-AP <c>dcat:Catalog</c> in
/// JSON-LD, paged with Hydra links (<c>hydra:next</c>) as harvesters of European portals expect.
/// </summary>
internal static class CatalogueHarvestApi
{
    public const int PageSize = 100;

    internal static IEndpointRouteBuilder MapCatalogueHarvestApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/catalogue", HarvestAsync)
            .WithTags("Catalogue")
            .WithSummary("Every published dataset as a DCAT-AP catalogue (JSON-LD), 100 per page; follow hydra:next.");
        return routes;
    }

    private static async Task<ContentHttpResult> HarvestAsync(
        Guid? after, PublicUrl publicUrl, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var page = await db.Datasets.AsNoTracking()
            .Include(d => d.Organization)
            .Where(d => d.State == DatasetState.Published && (after == null || d.Id > after))
            .OrderBy(d => d.Id)
            .Take(PageSize + 1)
            .Join(db.DatasetVersions.AsNoTracking(), d => new { d.Id, Number = d.LatestVersion }, v => new { Id = v.DatasetId, v.Number }, (d, v) => new { d, v })
            .ToListAsync(cancellationToken);

        var self = publicUrl.Of("/api/catalogue");
        var catalogue = new JsonObject
        {
            ["@context"] = DcatJsonLd.Context(),
            ["@id"] = self,
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = new JsonObject { ["@value"] = "EUCAIM public catalogue of cancer imaging datasets", ["@language"] = "en" },
            ["dct:description"] = new JsonObject
            {
                ["@value"] = "Published datasets of the European Federation for Cancer Images; access is by request.",
                ["@language"] = "en",
            },
            ["dcat:dataset"] = new JsonArray(page.Take(PageSize).Select(p => (JsonNode)DcatJsonLd.Describe(publicUrl, p.d, p.v)).ToArray()),
        };
        if (page.Count > PageSize)
        {
            catalogue["hydra:view"] = new JsonObject
            {
                ["@type"] = "hydra:PartialCollectionView",
                ["hydra:next"] = $"{self}?after={page[PageSize - 1].d.Id}",
            };
        }

        return DcatJsonLd.Result(catalogue);
    }
}
