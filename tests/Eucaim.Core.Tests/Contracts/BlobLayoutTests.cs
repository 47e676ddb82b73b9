using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>The paths every process agrees on: a change here moves data that others still look for at the old place.</summary>
public sealed class BlobLayoutTests
{
    private static readonly Guid Dataset = Guid.Parse("0195d3a4-5b6c-7d8e-9f00-112233445566");
    private static readonly Guid Job = Guid.Parse("0195d3a4-0000-7000-8000-000000000001");

    [Fact]
    public void A_published_file_and_its_manifest_share_the_version_prefix()
    {
        var relative = BlobLayout.Datasets.InstanceRelativePath("1.2", "1.2.3", "1.2.3.4");

        Assert.Equal("0195d3a4-5b6c-7d8e-9f00-112233445566/v2/1.2/1.2.3/1.2.3.4.dcm", BlobLayout.Datasets.File(Dataset, 2, relative));
        Assert.Equal("0195d3a4-5b6c-7d8e-9f00-112233445566/v2/manifest.json", BlobLayout.Datasets.Manifest(Dataset, 2));
        Assert.StartsWith(BlobLayout.Datasets.VersionPrefix(Dataset, 2), BlobLayout.Datasets.Manifest(Dataset, 2), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_s_deletion_prefixes_take_every_blob_of_it_and_no_other_dataset_s()
    {
        var other = Guid.Parse("0195d3a4-5b6c-7d8e-9f00-112233445567");
        var file = BlobLayout.Datasets.File(Dataset, 3, BlobLayout.Datasets.InstanceRelativePath("1.2", "1.2.3", "1.2.3.4"));
        var upload = BlobLayout.Quarantine.Upload(Dataset, Job);

        Assert.StartsWith(BlobLayout.Datasets.DatasetPrefix(Dataset), file, StringComparison.Ordinal);
        Assert.StartsWith(BlobLayout.Datasets.DatasetPrefix(Dataset), BlobLayout.Datasets.Manifest(Dataset, 1), StringComparison.Ordinal);
        Assert.StartsWith(BlobLayout.Quarantine.DatasetUploadsPrefix(Dataset), upload, StringComparison.Ordinal);
        Assert.False(BlobLayout.Datasets.File(other, 1, "x").StartsWith(BlobLayout.Datasets.DatasetPrefix(Dataset), StringComparison.Ordinal));
        Assert.False(BlobLayout.Quarantine.Upload(other, Job).StartsWith(BlobLayout.Quarantine.DatasetUploadsPrefix(Dataset), StringComparison.Ordinal));
        // An upload's own name, used as a prefix, takes only that upload: ids have one length.
        Assert.False(BlobLayout.Quarantine.Upload(Dataset, Dataset).StartsWith(upload, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_tenant_artifact_starts_with_the_tenant_slug()
    {
        Assert.Equal($"tenant-a/jobs/{Job}.log", BlobLayout.Logs.Job("tenant-a", Job));
        Assert.Equal($"tenant-a/jobs/{Job}/output/metrics/summary.json", BlobLayout.Tenants.JobOutput("tenant-a", Job, "metrics/summary.json"));
        Assert.StartsWith(BlobLayout.Tenants.JobOutputPrefix("tenant-a", Job), BlobLayout.Tenants.JobOutput("tenant-a", Job, "x"), StringComparison.Ordinal);
        Assert.Equal($"tenant-a/{Job}/summary.json", BlobLayout.Exports.File("tenant-a", Job, "summary.json"));
    }

    [Fact]
    public void Block_ids_of_one_upload_all_have_the_same_length()
    {
        var lengths = new[] { 0L, 8L << 20, long.MaxValue }.Select(o => BlobLayout.Quarantine.BlockId(o).Length).Distinct();

        Assert.Single(lengths);
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", true)]
    [InlineData("1..2", false)]
    [InlineData("1.2.", false)]
    [InlineData("1.2/../3", false)]
    [InlineData("", false)]
    public void Only_ps3_5_uids_become_path_segments(string uid, bool valid) => Assert.Equal(valid, BlobLayout.IsValidUid(uid));
}
