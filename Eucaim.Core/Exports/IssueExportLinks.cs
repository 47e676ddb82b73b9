using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Exports;

/// <summary>Short-lived read-only links to the files of an available export, for members of its tenant only.</summary>
public sealed class IssueExportLinks(UnitOfWork uow, ExportLinks links)
{
    public sealed record Link(string Path, Uri Url, DateTimeOffset ExpiresAt);

    public async Task<Outcome<List<Link>>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var (export, isMember) = await ExportAccess.FindAsync(uow.Db, actor.Identity, id, tracking: false, cancellationToken);
        if (export is null || !isMember)
        {
            return ExportRules.NotFound(id);
        }

        if (ExportRules.CheckDownloadable(export) is { } notYet)
        {
            return notYet;
        }

        var result = new List<Link>();
        foreach (var file in export.Files)
        {
            var (url, expires) = await links.CreateAsync(BlobLayout.Exports.File(export.TenantSlug, export.Id, file), cancellationToken);
            result.Add(new Link(file, url, expires));
        }

        await uow.SaveWithAuditAsync([ExportAudit.LinksIssued(actor, export)], cancellationToken);
        return result;
    }
}
