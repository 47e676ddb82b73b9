using System.Text.Json;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>
/// The staging plan the Workers write to blob storage and the Api reads at the token exchange, and the
/// links the Api answers with that the pod's helpers read.
/// </summary>
public sealed class StagingPlanTests
{
    private static readonly DatasetVersionManifest Manifest = new(
        Guid.Parse("0195d3a4-5b6c-7d8e-9f00-112233445566"), 2, [new DatasetVersionManifestFile("1.2/1.2.3/1.2.3.4.dcm", new string('a', 64), 1024)]);

    [Fact]
    public void A_plan_survives_the_trip_through_blob_storage_and_carries_no_link()
    {
        var plan = new StagingPlan(Guid.NewGuid(), [new StagingPlan.Dataset("0195d3a45b6c7d8e9f00112233445566", Manifest)]);

        var stored = plan.Serialize();
        var read = StagingPlan.Parse(stored);

        Assert.Equal(plan.JobId, read.JobId);
        var dataset = Assert.Single(read.Datasets);
        Assert.Equal(plan.Datasets[0].MountName, dataset.MountName);
        Assert.Equal(Manifest.ToJson(), dataset.Manifest.ToJson());
        Assert.DoesNotContain("sig=", stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_plan_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => StagingPlan.Parse(BinaryData.FromString("null")));
    }

    [Fact]
    public void Links_survive_the_trip_into_the_pod_and_name_their_route()
    {
        var jobId = Guid.Parse("0195d3a4-0000-7000-8000-000000000001");
        var links = new StagingLinks(
            [new StagingLinks.Dataset("m", Manifest, new Dictionary<string, Uri> { ["1.2/1.2.3/1.2.3.4.dcm"] = new("https://storage.example.org/datasets/x?sig=r") })],
            new Uri("https://storage.example.org/system/jobs/x/output.tar?sig=w"), DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var read = JsonSerializer.Deserialize<StagingLinks>(JsonSerializer.Serialize(links, StagingLinks.Json), StagingLinks.Json)!;

        Assert.Equal(links.OutputUpload, read.OutputUpload);
        Assert.Equal(links.ExpiresAt, read.ExpiresAt);
        Assert.Equal(links.Datasets[0].Urls, Assert.Single(read.Datasets).Urls);
        Assert.Equal($"/api/jobs/{jobId:D}/staging/datasets", StagingLinks.Path(jobId, StagingPurpose.Datasets));
        Assert.Equal($"/api/jobs/{jobId:D}/staging/outputs", StagingLinks.Path(jobId, StagingPurpose.Outputs));
    }
}
