using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Eucaim.Core.Storage;

public static class BlobStorageExtensions
{
    /// <summary>The AppHost's name for blob storage: also the connection string key.</summary>
    public const string ConnectionName = "blobs";

    /// <summary>
    /// Registers the <see cref="BlobServiceClient"/> for the connection string the AppHost hands over
    /// (Azurite locally, an Azure storage account in production) and a health check that writes and
    /// reads back a blob, because an endpoint that answers but cannot store is not healthy.
    /// </summary>
    public static IHostApplicationBuilder AddEucaimBlobStorage(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Connection string 'ConnectionStrings:{ConnectionName}' is missing: start the platform through Eucaim.AppHost or set it to an Azure Storage connection string.");
        }

        builder.Services.AddSingleton(_ => new BlobServiceClient(connectionString));
        builder.Services.AddSingleton<BlobContainerInitializer>();
        builder.Services.AddHealthChecks().AddCheck<BlobStorageHealthCheck>("blob-storage", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }
}
