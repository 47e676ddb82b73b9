using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Deletes an ingest that put nothing into the draft: an open session (or single-upload ingest)
/// that is given up, or one that failed (see <see cref="IngestRemoval"/>).
/// </summary>
public sealed class AbandonIngest(UnitOfWork uow, UploadHashes hashes)
{
    public async Task<Outcome<Done>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var uploadIds = new List<Guid>();
        var outcome = await uow.RunAsync<Done>(async (scope, ct) =>
        {
            await IngestRemoval.LockAsync(scope.Db, id, ct);
            var job = await IngestAccess.FindIngestAsync(scope.Db, actor.Identity, id, ct);
            if (job is null)
            {
                return UploadProblems.IngestNotFound(id);
            }

            if (IngestRules.RefuseAbandon(job) is { } refused)
            {
                return refused;
            }

            uploadIds = await IngestRemoval.RemoveAsync(scope, job, "abandoned", ct);
            scope.Audit(IngestAudit.IngestAbandoned(job, actor, uploadIds.Count, "abandoned by request"));
            return Done.Value;
        }, cancellationToken);

        foreach (var upload in uploadIds)
        {
            hashes.Forget(upload);
        }

        return outcome;
    }
}
