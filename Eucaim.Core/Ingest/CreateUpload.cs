using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// tus creation: an upload into the dataset's draft, in the given ingest session or in an ingest of
/// its own. A repeated creation with the same Idempotency-Key is answered with the upload it created.
/// </summary>
public sealed class CreateUpload(UnitOfWork uow)
{
    public async Task<Outcome<Upload>> RunAsync(
        Actor actor, long? length, IReadOnlyDictionary<string, string>? metadata, string rawMetadata, string idempotencyKey,
        long maxSizeBytes, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var declared = UploadDeclaration.Of(length, metadata, rawMetadata, idempotencyKey, maxSizeBytes);
        if (!declared.Succeeded)
        {
            return declared.Problem;
        }

        var declaration = declared.Value;
        var author = actor.Identity.Author();
        if (declaration.IdempotencyKey is { } key && await ReplayAsync(declaration, author, key, cancellationToken) is { } replay)
        {
            return replay;
        }

        try
        {
            return await uow.RunAsync<Upload>((scope, ct) => CreateAsync(scope, actor, declaration, expiry, ct), cancellationToken);
        }
        catch (Exception ex) when (declaration.IdempotencyKey is { } reused && DatabaseErrors.IsUniqueViolation(ex))
        {
            // A concurrent retry with the same key won: answer as it was answered.
            return await ReplayAsync(declaration, author, reused, cancellationToken)
                ?? throw new InvalidOperationException("An idempotency key collided but no upload holds it.", ex);
        }
    }

    private static async Task<Outcome<Upload>> CreateAsync(UnitOfWorkScope scope, Actor actor, UploadDeclaration declaration, TimeSpan expiry, CancellationToken ct)
    {
        var target = await IngestAccess.DraftForUploadAsync(scope.Db, actor.Identity, declaration.DatasetId, ct);
        if (!target.Succeeded)
        {
            return target.Problem;
        }

        var (dataset, draft) = target.Value;
        var author = actor.Identity.Author();
        IngestJob job;
        if (declaration.SessionId is { } sessionId)
        {
            await IngestRemoval.LockAsync(scope.Db, sessionId, ct);
            var session = IngestRules.JoinableSession(
                await IngestAccess.FindIngestAsync(scope.Db, actor.Identity, sessionId, ct), sessionId, declaration.DatasetId, draft.Number);
            if (!session.Succeeded)
            {
                return session.Problem;
            }

            job = session.Value;
        }
        else
        {
            job = IngestRules.Open(dataset, draft, isSession: false, author, scope.Now);
            scope.Db.IngestJobs.Add(job);
        }

        var upload = new Upload
        {
            Id = Guid.CreateVersion7(scope.Now),
            IngestId = job.Id,
            DatasetId = declaration.DatasetId,
            OrganizationKey = dataset.OrganizationKey,
            Length = declaration.Length,
            FileName = declaration.FileName,
            OriginalFileName = declaration.OriginalFileName,
            Metadata = declaration.RawMetadata.Length > 0 ? declaration.RawMetadata : null,
            DeclaredSha256 = declaration.DeclaredSha256,
            State = UploadState.Receiving,
            IdempotencyKey = declaration.IdempotencyKey,
            CreatedBy = author,
            CreatedAt = scope.Now,
            ExpiresAt = scope.Now + expiry,
        };
        scope.Db.Uploads.Add(upload);
        scope.Audit(IngestAudit.UploadCreated(upload, actor.ClientAddress));
        return upload;
    }

    /// <summary>The answer to a repeated creation: the same upload, or 422 when the key was used for a different one.</summary>
    private async Task<Outcome<Upload>?> ReplayAsync(UploadDeclaration declaration, string author, string key, CancellationToken cancellationToken)
    {
        var existing = await uow.Db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.CreatedBy == author && u.IdempotencyKey == key, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        return declaration.Replay(existing);
    }
}
