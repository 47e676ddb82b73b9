using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

/// <summary>Opens an ingest session for several uploads into the draft; they are ingested together once it is completed.</summary>
public sealed class OpenIngestSession(UnitOfWork uow)
{
    public Task<Outcome<IngestJob>> RunAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken) =>
        uow.RunAsync<IngestJob>(async (scope, ct) =>
        {
            var target = await IngestAccess.DraftForUploadAsync(scope.Db, actor.Identity, datasetId, ct);
            if (!target.Succeeded)
            {
                return target.Problem;
            }

            var (dataset, draft) = target.Value;
            var job = IngestRules.Open(dataset, draft, isSession: true, actor.Identity.Author(), scope.Now);
            scope.Db.IngestJobs.Add(job);
            return job;
        }, cancellationToken);
}
