using Eucaim.Workers.Jobs;

namespace Eucaim.Jobs.Tests;

/// <summary>The job pods' settings are checked at start: host aliases never reach the metadata service, helpers have sane sizes, names are Kubernetes names.</summary>
public sealed class KubernetesJobsOptionsTests
{
    /// <summary>Valid but for what a test breaks: the staging endpoint by address, needing no alias.</summary>
    private static KubernetesJobsOptions Valid() => new() { StagingEndpoint = "http://10.96.100.80" };

    [Fact]
    public void The_defaults_with_a_staging_endpoint_and_the_test_settings_are_valid()
    {
        Assert.Empty(Valid().Validate());
        Assert.Empty(TestJobs.Options().Kubernetes.Validate());
    }

    [Theory]
    [InlineData("", "must be the Api's http(s) URL")]
    [InlineData("api.eucaim.svc", "must be the Api's http(s) URL")]
    [InlineData("http://api.eucaim.svc.cluster.local", "must be one of HostAliases")]
    public void The_staging_endpoint_is_a_url_whose_host_job_pods_can_find_without_dns(string endpoint, string said)
    {
        var error = Assert.Single(new KubernetesJobsOptions { StagingEndpoint = endpoint }.Validate());
        Assert.Contains(said, error, StringComparison.Ordinal);

        var aliased = new KubernetesJobsOptions { StagingEndpoint = "http://api.eucaim.svc.cluster.local", HostAliases = ["10.96.100.80 api.eucaim.svc.cluster.local"] };
        Assert.Empty(aliased.Validate());
    }

    [Theory]
    [InlineData("169.254.169.254 metadata.google.internal", "metadata")]
    [InlineData("169.254.10.1 storage.example.org", "link-local")]
    [InlineData("fe80::1 storage.example.org", "link-local")]
    [InlineData("::ffff:169.254.169.254 storage.example.org", "link-local")]
    [InlineData("storage.example.org 10.0.0.4", "IP address")]
    [InlineData("10.0.0.4", "host name")]
    [InlineData("10.0.0.4 Storage_Example", "not a host name")]
    public void A_host_alias_must_be_an_ip_that_is_not_link_local_and_host_names(string entry, string said)
    {
        var options = Valid();
        options.HostAliases = [entry];

        var error = Assert.Single(options.Validate());

        Assert.Contains($"Eucaim:Jobs:Kubernetes:HostAliases: '{entry}'", error, StringComparison.Ordinal);
        Assert.Contains(said, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Helper_sizes_runtime_class_and_gpu_label_are_checked()
    {
        var options = Valid();
        (options.HelperCpuMillicores, options.HelperMemoryMib, options.HelperEphemeralStorageMib) = (0, 1_000_000, 0);
        (options.GpuRuntimeClassName, options.GpuTypeLabel) = ("Not Valid", "not a label");

        var errors = options.Validate().ToList();

        Assert.Equal(5, errors.Count);
        foreach (var name in new[] { "HelperCpuMillicores", "HelperMemoryMib", "HelperEphemeralStorageMib", "GpuRuntimeClassName", "GpuTypeLabel" })
        {
            Assert.Contains(errors, e => e.Contains(name, StringComparison.Ordinal));
        }

        var plain = Valid();
        (plain.GpuRuntimeClassName, plain.GpuTypeLabel) = ("", "");
        Assert.Empty(plain.Validate());
    }
}
