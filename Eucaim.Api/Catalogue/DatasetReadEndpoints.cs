using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Catalogue;

internal static class DatasetReadEndpoints
{
    public static async Task<Results<Ok<DatasetView>, ContentHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var loaded = await DatasetStore.LoadAsync(db, id, cancellationToken);
        if (loaded is null || !caller.Sees(loaded.Dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        if (DcatJsonLd.IsWanted(http.Request))
        {
            return loaded.Published is { } published
                ? DcatJsonLd.Result(DcatJsonLd.Dataset(http.Request, loaded.Dataset, published))
                : DatasetProblems.NotFound("Not published.", "A dataset has a DCAT-AP description once a version is published.");
        }

        DatasetETag.Set(http, loaded.Dataset);
        return TypedResults.Ok(DatasetStore.View(loaded, caller.Owns(loaded.Dataset)));
    }

    public static async Task<Results<Ok<DatasetVersionView>, ProblemHttpResult>> GetDraftAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var loaded = await DatasetStore.LoadAsync(db, id, cancellationToken);
        if (loaded is null || !caller.Owns(loaded.Dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        if (loaded.Draft is not { } draft)
        {
            return DatasetProblems.NotFound("No draft.", "This dataset has no draft; PUT /draft with the dataset's ETag starts one.");
        }

        DatasetETag.Set(http, loaded.Dataset);
        return TypedResults.Ok(DatasetVersionView.Of(draft));
    }

    public static async Task<Results<Ok<List<DatasetVersionSummary>>, ProblemHttpResult>> ListVersionsAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !caller.Sees(dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        var versions = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.DatasetId == id && v.Status == DatasetVersionStatus.Published)
            .OrderBy(v => v.Number)
            .Select(v => new DatasetVersionSummary(v.Number, v.PublishedAt!.Value, v.Name))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(versions);
    }

    public static async Task<Results<Ok<DatasetVersionView>, ContentHttpResult, ProblemHttpResult>> GetVersionAsync(
        Guid id, int number, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Organization).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !caller.Sees(dataset))
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
            ? DcatJsonLd.Result(DcatJsonLd.Dataset(http.Request, dataset, version))
            : TypedResults.Ok(DatasetVersionView.Of(version));
    }
}
