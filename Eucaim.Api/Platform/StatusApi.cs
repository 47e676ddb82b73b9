using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Platform;

internal static class StatusApi
{
    public static IEndpointRouteBuilder MapEucaimStatus(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/status").WithTags("Platform");
        group.MapGet("/", GetStatusAsync)
            .WithSummary("Schema version and storage reachability of this deployment.");
        return routes;
    }

    private static async Task<Results<Ok<PlatformStatus>, ProblemHttpResult>> GetStatusAsync(
        EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        var users = await db.Users.CountAsync(cancellationToken);

        var containers = new List<string>();
        await foreach (var container in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken))
        {
            containers.Add(container.Name);
        }

        var missing = BlobContainers.All.Except(containers).ToList();
        if (pending.Count > 0 || missing.Count > 0)
        {
            return TypedResults.Problem(
                title: "The platform is not fully initialized.",
                detail: $"Pending migrations: [{string.Join(", ", pending)}]; missing blob containers: [{string.Join(", ", missing)}]. Run the migrations step (Eucaim.Workers migrate).",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok(new PlatformStatus(
            new DatabaseStatus(applied.LastOrDefault(), applied.Count, users),
            new BlobStorageStatus(blobs.AccountName, containers)));
    }
}

internal sealed record PlatformStatus(DatabaseStatus Database, BlobStorageStatus BlobStorage);

internal sealed record DatabaseStatus(string? SchemaVersion, int AppliedMigrations, int Users);

internal sealed record BlobStorageStatus(string Account, IReadOnlyList<string> Containers);
