using System.Net;
using System.Net.Http.Json;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Access;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Ingest;
using Eucaim.Platform.Tests.Tenants;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>Researchers reach a dataset's DICOMweb endpoints only through an active grant of their tenant.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DicomWebGrantTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_researcher_reads_the_published_version_through_their_tenant_s_grant_until_it_is_revoked()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        await TenantRequests.EnsureTenantAsync(alba, "tenant-a");
        await TenantRequests.EnsureTenantAsync(alba, "tenant-b");
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        using var rita = await fixture.Platform.CreateApiClientForAsync("rita");
        using var rob = await fixture.Platform.CreateApiClientForAsync("rob");
        using var kai = await fixture.Platform.CreateApiClientForAsync("kai");

        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"DICOMweb grant {Guid.NewGuid():N}");
        try
        {
            var seed = Random.Shared.Next(3_000_000, 4_000_000);
            var instances = TestArchives.Series(seed, 2, size: 16);
            var root = $"/dicomweb/datasets/{dataset}";
            var study = SyntheticCtSeries.StudyInstanceUid(seed);
            Assert.Equal(HttpStatusCode.OK, (await hugo.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, $"{root}/studies") { Content = DicomWebRoundTripTests.Multipart(instances) })).StatusCode);
            await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/publish"), HttpStatusCode.OK);
            await AccessTestApi.ReadAsync(
                await hugo.PutAsJsonAsync($"/api/datasets/{dataset}/access-policy", new { requiresDataHolderApproval = false }), HttpStatusCode.OK);

            Assert.Equal(HttpStatusCode.NotFound, (await rita.GetAsync($"{root}/studies")).StatusCode);

            var request = await AccessTestApi.SubmitAsync(rita, "tenant-a", 30, dataset);
            await AccessTestApi.ReadAsync(
                await AccessTestApi.DecideAsync(kai, request.GetProperty("id").GetGuid(), dataset, "approve"), HttpStatusCode.OK);
            var grant = Assert.Single(await AccessTestApi.GrantsAsync(rita, $"tenant=tenant-a&dataset={dataset}&active=true"));

            Assert.Single((await DicomWebRoundTripTests.QidoAsync(rita, $"{root}/studies?StudyInstanceUID={study}")).EnumerateArray());
            var retrieved = await DicomWebRoundTripTests.WadoAsync(rita, $"{root}/studies/{study}");
            Assert.Equal(instances.Count, retrieved.Count);
            Assert.All(instances, i => Assert.Contains(retrieved, r => r.AsSpan().SequenceEqual(i)));

            // Another tenant's researcher gets what a missing dataset gets; a grant never lets anyone store
            // (the dataset is public in the catalogue, so the refusal says why: 403).
            Assert.Equal(HttpStatusCode.NotFound, (await rob.GetAsync($"{root}/studies")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await rita.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, $"{root}/studies") { Content = DicomWebRoundTripTests.Multipart(instances) })).StatusCode);

            await AccessTestApi.ReadAsync(
                await kai.PostAsJsonAsync($"/api/grants/{grant.GetProperty("id").GetGuid()}/revoke", new { reason = "Project ended." }), HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.NotFound, (await rita.GetAsync($"{root}/studies")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await rita.GetAsync($"{root}/studies/{study}")).StatusCode);
        }
        finally
        {
            await CatalogueCleanup.InvalidateAsync(fixture, dataset);
        }
    }
}
