using Azure;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Exports;

/// <summary>
/// The files of an export request as they lie in the tenant's outputs: their sizes and hashes for
/// whoever sees the request, and their content for its reviewers only, so that a decision is made on
/// what would leave the bubble, not on its name. Members never read raw outputs through here: their
/// way out is an approved export.
/// </summary>
public sealed class ReadExportFiles(UnitOfWork uow, BlobServiceClient blobs)
{
    /// <summary>An output file of the request: <paramref name="ContentMd5"/> is the base64 MD5 the store keeps, when it keeps one.</summary>
    public sealed record ExportFile(string Path, long Size, string? ContentType, string? ContentMd5);

    /// <summary>An opened file, for a reviewer to read.</summary>
    public sealed record OpenedFile(string Path, long Size, Stream Content);

    public async Task<Outcome<List<ExportFile>>> ListAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var (export, _) = await ExportAccess.FindAsync(uow.Db, actor.Identity, id, tracking: false, cancellationToken);
        if (export is null)
        {
            return ExportRules.NotFound(id);
        }

        var outputs = blobs.GetBlobContainerClient(BlobContainers.Tenants);
        var files = new List<ExportFile>();
        foreach (var path in export.Files)
        {
            try
            {
                var properties = (await outputs.GetBlobClient(BlobLayout.Tenants.JobOutput(export.TenantSlug, export.JobId, path))
                    .GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
                var md5 = properties.ContentHash is { Length: > 0 } hash ? Convert.ToBase64String(hash) : null;
                files.Add(new ExportFile(path, properties.ContentLength, properties.ContentType, md5));
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The tenant's outputs went with the tenant; the request still names the file.
                files.Add(new ExportFile(path, 0, null, null));
            }
        }

        return files;
    }

    public async Task<Outcome<OpenedFile>> OpenAsync(Actor actor, Guid id, string? path, CancellationToken cancellationToken)
    {
        var (export, _) = await ExportAccess.FindAsync(uow.Db, actor.Identity, id, tracking: false, cancellationToken);
        if (export is null)
        {
            return ExportRules.NotFound(id);
        }

        if (!await ExportReviewers.MayReviewAsync(uow.Db, actor.Identity, export, cancellationToken))
        {
            return ExportRules.NotAReviewer(export.RequestedBy == actor.Identity.Subject);
        }

        if (path is null || !export.Files.Contains(path, StringComparer.Ordinal))
        {
            return Problem.NotFound("file of the export request", path ?? "");
        }

        try
        {
            var blob = blobs.GetBlobContainerClient(BlobContainers.Tenants).GetBlobClient(BlobLayout.Tenants.JobOutput(export.TenantSlug, export.JobId, path));
            var content = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            await uow.SaveWithAuditAsync([ExportAudit.FileRead(actor, export, path)], cancellationToken);
            return new OpenedFile(path, content.Length, content);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Problem.NotFound("file of the export request", path);
        }
    }
}
