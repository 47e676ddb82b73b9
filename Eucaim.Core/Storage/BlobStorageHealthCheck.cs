using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Eucaim.Core.Storage;

internal sealed class BlobStorageHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    private static readonly string ProbeName = $"health/{Environment.MachineName}-{Environment.ProcessId}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var probe = blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(ProbeName);
            var written = DateTimeOffset.UtcNow.ToString("O");
            await probe.UploadAsync(BinaryData.FromString(written), overwrite: true, cancellationToken);
            var read = (await probe.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            return read == written
                ? HealthCheckResult.Healthy("Blob storage stores and returns data.")
                : HealthCheckResult.Unhealthy("Blob storage returned different content than was written.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"Blob storage is unreachable: {ex.Message}", ex);
        }
    }
}
