using Eucaim.Core.Catalogue;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A dev node's seed, in a database of its own beside the platform's (a node never shares the hub's): only its
/// share of the federated datasets, under the hub's ids, published with their synthetic cohorts stored and
/// indexed through STOW-RS, and nothing more when it runs again.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SeedNodeDatasetsTests(PlatformFixture fixture) : IAsyncLifetime
{
    private NodeDatabase _node = null!;

    private ServiceProvider Services => _node.Services;

    public async Task InitializeAsync() => _node = await NodeDatabase.CreateAsync(fixture.Platform);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_dev_node_holds_its_share_published_with_its_cohorts_and_a_second_run_adds_nothing()
    {
        var mine = DevFederation.DatasetsOfNode(2, 3);

        Assert.Equal(mine.Count, await SeedAsync(2, 3));

        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
            var datasets = await db.Datasets.AsNoTracking().ToListAsync();
            Assert.Equal(mine.Select(s => CatalogueSeeder.IdOf(s.DatasetKey)).Order(), datasets.Select(d => d.Id).Order());
            Assert.All(datasets, d => Assert.Equal((DatasetState.Published, 1), (d.State, d.LatestVersion)));

            var counts = await scope.ServiceProvider.GetRequiredService<CountLocalIndex>()
                .RunAsync(datasets.Select(d => d.Id).ToList(), new CountFilters(null, null, null, null, null, null), CancellationToken.None);
            Assert.True(counts.Succeeded, counts.Problem?.Detail);
            foreach (var seed in mine)
            {
                var cohort = SyntheticCohort.Of(seed);
                var count = Assert.Single(counts.Value, c => c.DatasetId == CatalogueSeeder.IdOf(seed.DatasetKey));
                Assert.Equal(new LocalCounts(count.DatasetId, cohort.Count, cohort.Count, cohort.Sum(s => s.Series.Count)), count);
            }

            // The index holds what the files say, Manufacturer included.
            var first = SyntheticCohort.Of(mine[0])[0];
            var series = await db.DicomSeries.AsNoTracking().SingleAsync(s => s.SeriesInstanceUid == first.Series[0].SeriesInstanceUid);
            Assert.Equal((first.Series[0].Modality, first.Series[0].BodyPart, first.Series[0].Manufacturer), (series.Modality, series.BodyPartExamined, series.Manufacturer));
            Assert.Equal(cohortInstances(mine), await db.DicomInstances.CountAsync());
        }

        Assert.Equal(0, await SeedAsync(2, 3));

        static int cohortInstances(IEnumerable<SeedDataset> seeds) =>
            seeds.SelectMany(SyntheticCohort.Of).Sum(s => s.Series.Sum(x => x.SopInstanceUids.Count));
    }

    [Fact]
    public async Task A_seed_stopped_half_way_is_completed()
    {
        var mine = DevFederation.DatasetsOfNode(1, 3);
        await SeedAsync(1, 3);
        // As if the node had stopped after storing part of the first dataset, before publishing it.
        var first = CatalogueSeeder.IdOf(mine[0].DatasetKey);
        await _node.ExecuteAsync($"""
            UPDATE dataset_versions SET status = 'draft', published_at = NULL, published_by = NULL WHERE dataset_id = '{first}';
            UPDATE datasets SET state = 'draft', latest_version = 0 WHERE id = '{first}';
            DELETE FROM dicom_instances WHERE dataset_id = '{first}' AND sop_instance_uid IN
                (SELECT sop_instance_uid FROM dicom_instances WHERE dataset_id = '{first}' ORDER BY sop_instance_uid LIMIT 3);
            """);

        Assert.Equal(1, await SeedAsync(1, 3));

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        Assert.Equal(DatasetState.Published, (await db.Datasets.AsNoTracking().SingleAsync(d => d.Id == first)).State);
        Assert.Equal(SyntheticCohort.Of(mine[0]).Sum(s => s.Series.Sum(x => x.SopInstanceUids.Count)), await db.DicomInstances.CountAsync(i => i.DatasetId == first));
    }

    private async Task<int> SeedAsync(int node, int nodes)
    {
        await using var scope = Services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<SeedNodeDatasets>().RunAsync(node, nodes, CancellationToken.None);
        Assert.True(seeded.Succeeded, seeded.Problem?.Detail);
        return seeded.Value;
    }
}
