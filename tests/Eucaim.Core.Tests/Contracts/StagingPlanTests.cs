using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>The staging plan the Workers write into a job pod's Secret and the pod's helpers read back.</summary>
public sealed class StagingPlanTests
{
    [Fact]
    public void A_plan_survives_the_trip_into_the_pod()
    {
        var manifest = new DatasetVersionManifest(
            Guid.Parse("0195d3a4-5b6c-7d8e-9f00-112233445566"), 2, [new DatasetVersionManifestFile("1.2/1.2.3/1.2.3.4.dcm", new string('a', 64), 1024)]);
        var plan = new StagingPlan(
            [new StagingPlan.Dataset("0195d3a45b6c7d8e9f00112233445566", manifest, new Dictionary<string, Uri> { ["1.2/1.2.3/1.2.3.4.dcm"] = new("https://storage.example.org/datasets/x?sig=r") })],
            new Uri("https://storage.example.org/tenants/tenant-a/jobs/x/output.tar?sig=w"));

        var read = StagingPlan.Parse(plan.Serialize());

        Assert.Equal(plan.OutputUpload, read.OutputUpload);
        var dataset = Assert.Single(read.Datasets);
        Assert.Equal(plan.Datasets[0].MountName, dataset.MountName);
        Assert.Equal(plan.Datasets[0].Urls, dataset.Urls);
        Assert.Equal(manifest.ToJson(), dataset.Manifest.ToJson());
    }

    [Fact]
    public void An_empty_plan_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => StagingPlan.Parse("null"));
    }
}
