using Eucaim.Api.Platform;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Catalogue;

internal static class DatasetReadEndpoints
{
    public static async Task<Results<Ok<DatasetResponse>, ContentHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, Caller caller, EucaimDbContext db, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var loaded = await LoadedDataset.LoadAsync(db, id, cancellationToken);
        if (loaded is null || !caller.Identity.Sees(loaded.Dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        if (DcatJsonLd.IsWanted(http.Request))
        {
            return loaded.Published is { } published
                ? DcatJsonLd.Result(DcatJsonLd.Dataset(publicUrl, loaded.Dataset, published))
                : DatasetProblems.NotFound("Not published.", "A dataset has a DCAT-AP description once a version is published.");
        }

        DatasetETag.Set(http, loaded.Dataset);
        return TypedResults.Ok(DatasetResponse.Of(loaded, caller.Identity.Owns(loaded.Dataset)));
    }

    public static async Task<Results<Ok<DatasetVersionResponse>, ProblemHttpResult>> GetDraftAsync(
        Guid id, HttpContext http, Caller caller, EucaimDbContext db, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var loaded = await LoadedDataset.LoadAsync(db, id, cancellationToken);
        if (loaded is null || !caller.Identity.Owns(loaded.Dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        if (loaded.Draft is not { } draft)
        {
            return DatasetProblems.NotFound("No draft.", "This dataset has no draft; PUT /draft with the dataset's ETag starts one.");
        }

        DatasetETag.Set(http, loaded.Dataset);
        return TypedResults.Ok(DatasetVersionResponse.Of(draft));
    }

    public static async Task<Results<Ok<List<DatasetVersionSummaryResponse>>, ProblemHttpResult>> ListVersionsAsync(
        Guid id, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !caller.Identity.Sees(dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        var versions = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.DatasetId == id && v.Status == DatasetVersionStatus.Published)
            .OrderBy(v => v.Number)
            .Select(v => new DatasetVersionSummaryResponse(v.Number, v.PublishedAt!.Value, v.Name))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(versions);
    }

    public static async Task<Results<Ok<DatasetVersionResponse>, ContentHttpResult, ProblemHttpResult>> GetVersionAsync(
        Guid id, int number, HttpContext http, Caller caller, EucaimDbContext db, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Organization).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !caller.Identity.Sees(dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        var version = await db.DatasetVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.DatasetId == id && v.Number == number && v.Status == DatasetVersionStatus.Published, cancellationToken);
        if (version is null)
        {
            return DatasetProblems.NotFound("Version not found.", $"Dataset {id} has no published version {number}.");
        }

        return DcatJsonLd.IsWanted(http.Request)
            ? DcatJsonLd.Result(DcatJsonLd.Dataset(publicUrl, dataset, version))
            : TypedResults.Ok(DatasetVersionResponse.Of(version));
    }
}
