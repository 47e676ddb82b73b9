using System.Runtime.CompilerServices;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Eucaim.Core.Federation;

/// <summary>
/// A dev node's own datasets (<see cref="DevFederation.DatasetsOfNode"/>), created in the node's database under
/// the hub catalogue's ids and filled with their <see cref="SyntheticCohort"/> through STOW-RS
/// (<see cref="StoreInstances"/>) into version 1, which is then published (<see cref="PublishVersion"/>): the
/// node's index rows and blobs are exactly those a real ingest leaves. Idempotent: a published dataset is
/// skipped; a dataset whose seeding stopped half-way is stored again (instances are keyed by SOP Instance UID,
/// so the ones already there are duplicates) and published.
/// </summary>
public sealed class SeedNodeDatasets(
    EucaimDbContext db, TimeProvider clock, StoreInstances stow, PublishVersion publish, ILogger<SeedNodeDatasets> logger)
{
    public const string SeedUser = "eucaim-node-seed";

    /// <returns>How many datasets this run seeded (0 when all were already there).</returns>
    public async Task<Outcome<int>> RunAsync(int node, int nodes, CancellationToken cancellationToken)
    {
        if (nodes < 1 || node < 1 || node > nodes)
        {
            return Problem.Invalid("devSeed", $"Node {node} of {nodes}: the node is 1-based and at most the number of nodes.");
        }

        var seeded = 0;
        foreach (var record in DevFederation.DatasetsOfNode(node, nodes))
        {
            var id = CatalogueSeeder.IdOf(record.DatasetKey);
            await EnsureDraftAsync(record, id, cancellationToken);
            var state = await db.Datasets.AsNoTracking().Where(d => d.Id == id).Select(d => d.State).SingleAsync(cancellationToken);
            if (state != DatasetState.Draft)
            {
                continue;
            }

            var actor = ActorFor(record);
            var cohort = SyntheticCohort.Of(record);
            var stored = await stow.RunAsync(actor, id, null, new InstancesSource(cohort), long.MaxValue, cancellationToken);
            if (!stored.Succeeded)
            {
                return stored.Problem;
            }

            if (stored.Value.Failed.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Seed dataset {record.DatasetKey}: {stored.Value.Failed.Count} synthetic instance(s) refused, e.g. {stored.Value.Failed[0].Message}");
            }

            var published = await publish.RunAsync(actor, id, null, cancellationToken);
            if (!published.Succeeded)
            {
                return published.Problem;
            }

            db.ChangeTracker.Clear();
            seeded++;
            logger.LogInformation("Node seed: dataset {DatasetKey} ({DatasetId}) published with {Subjects} synthetic subject(s), {Instances} instance(s).",
                record.DatasetKey, id, cohort.Count, stored.Value.Stored.Count);
        }

        return seeded;
    }

    /// <summary>The dataset's organization's data holder: who may store into and publish its draft.</summary>
    private static Actor ActorFor(SeedDataset record) =>
        new(new PlatformIdentity(SeedUser, "Federated node seed", null, new HashSet<string>(), new HashSet<string> { record.OrganizationAcronym }, new HashSet<string>()), null);

    private async Task EnsureDraftAsync(SeedDataset record, Guid id, CancellationToken cancellationToken)
    {
        await new UnitOfWork(db, clock).RunAsync<bool>(async (scope, ct) =>
        {
            // Two seeding workers starting together would both find the dataset missing.
            await scope.Db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('eucaim-node-seed'))", ct);
            if (await scope.Db.Datasets.AnyAsync(d => d.Id == id, ct))
            {
                return false;
            }

            if (!await scope.Db.Organizations.AnyAsync(o => o.Key == record.OrganizationAcronym, ct))
            {
                scope.Db.Organizations.Add(new Organization { Key = record.OrganizationAcronym, Name = record.Organization });
            }

            var dataset = new Dataset
            {
                Id = id,
                OrganizationKey = record.OrganizationAcronym,
                SeedKey = record.DatasetKey,
                State = DatasetState.Draft,
                CreatedAt = scope.Now,
                CreatedBy = SeedUser,
                UpdatedAt = scope.Now,
                UpdatedBy = SeedUser,
            };
            var draft = DatasetVersion.Begin(id, 1, DatasetVersionStatus.Draft, SeedUser, scope.Now);
            record.ToMetadata().ApplyTo(draft);
            dataset.Versions.Add(draft);
            scope.Db.Datasets.Add(dataset);
            scope.Audit(DatasetAuditEntries.Entry(ActorFor(record), AuditActions.DatasetCreated, dataset));
            return true;
        }, cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>The cohort's instances as the parts of one STOW-RS body.</summary>
    private sealed class InstancesSource(IReadOnlyList<SyntheticSubject> cohort) : IStowSource
    {
        public bool IsMultipartDicom => true;

        public long? DeclaredLength => null;

        public void LimitTo(long maxBytes)
        {
        }

        public async IAsyncEnumerable<StowPart> ReadPartsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var subject in cohort)
            {
                foreach (var series in subject.Series)
                {
                    for (var i = 0; i < series.SopInstanceUids.Count; i++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var index = i;
                        yield return new StowPart("application/dicom", ct => HashedContent.ReadAsync(new MemoryStream(SyntheticCohort.Instance(subject, series, index), writable: false), ct));
                    }
                }
            }

            await Task.CompletedTask;
        }
    }
}
