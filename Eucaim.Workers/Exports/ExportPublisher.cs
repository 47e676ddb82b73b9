using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Exports;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Exports;

/// <summary>
/// Copies the files of approved export requests from the tenant's outputs to the <c>exports</c>
/// container, the only container download links are ever issued for. Idempotent: an interrupted copy
/// is simply repeated.
/// </summary>
public sealed class ExportPublisher(BlobServiceClient blobs, TimeProvider clock, ILogger<ExportPublisher> logger)
{
    public async Task PublishApprovedAsync(EucaimDbContext db, CancellationToken cancellationToken)
    {
        var approved = await db.ExportRequests.Where(e => e.Status == ExportStatus.Approved).OrderBy(e => e.DecidedAt).ToListAsync(cancellationToken);
        var tenants = blobs.GetBlobContainerClient(BlobContainers.Tenants);
        var exports = blobs.GetBlobContainerClient(BlobContainers.Exports);
        foreach (var export in approved)
        {
            foreach (var file in export.Files)
            {
                var source = tenants.GetBlobClient(BlobLayout.Tenants.JobOutput(export.TenantSlug, export.JobId, file));
                await using var content = await source.OpenReadAsync(cancellationToken: cancellationToken);
                await exports.GetBlobClient(BlobLayout.Exports.File(export.TenantSlug, export.Id, file)).UploadAsync(content, overwrite: true, cancellationToken);
            }

            export.Status = ExportStatus.Available;
            export.PublishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Export {ExportId} of {Tenant}: {Count} file(s) published.", export.Id, export.TenantSlug, export.Files.Count);
        }
    }
}
