using Eucaim.Core.Catalogue.Search;
using Eucaim.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Eucaim.Api.Catalogue;

internal static class DatasetSearchEndpoint
{
    /// <summary>
    /// <c>GET /api/datasets?q=&amp;modality=&amp;cancerType=&amp;bodyPart=&amp;tier=&amp;sharingMode=&amp;sex=&amp;organization=&amp;minSubjects=&amp;maxSubjects=&amp;sort=&amp;pageSize=&amp;pageToken=</c>.
    /// Repeat a filter for OR within it; different filters combine with AND.
    /// </summary>
    public static async Task<Results<Ok<DatasetSearchPageResponse>, ValidationProblem>> SearchAsync(
        HttpRequest request, EucaimDbContext db, CatalogueSearch search, CancellationToken cancellationToken)
    {
        var (query, errors) = CatalogueQueryParser.Parse(request.Query);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The search parameters are not valid.");
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var outcome = await search.SearchAsync((NpgsqlConnection)db.Database.GetDbConnection(), query, cancellationToken);
        if (outcome.Result is not { } result)
        {
            return TypedResults.ValidationProblem(outcome.Errors, title: "The search parameters are not valid.");
        }

        return TypedResults.Ok(new DatasetSearchPageResponse(
            result.Items.Select(DatasetSearchItemResponse.Of).ToList(),
            result.Facets.ToDictionary(f => f.Key.Name(), f => f.Value),
            result.Total,
            result.NextPageToken));
    }
}
