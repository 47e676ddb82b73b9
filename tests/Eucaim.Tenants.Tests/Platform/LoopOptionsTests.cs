using Eucaim.Workers.Ingest;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Eucaim.Tenants.Tests.Platform;

/// <summary>The loops' intervals are TimeSpans validated on start; a key from before the rename fails instead of being ignored.</summary>
public sealed class LoopOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_TimeSpan_keys_bind()
    {
        using var host = Build(new()
        {
            ["Eucaim:Ingest:PollInterval"] = "00:00:07",
            ["Eucaim:Jobs:PollInterval"] = "00:00:00.5",
            ["Eucaim:Compute:PollInterval"] = "00:00:20",
        });

        Assert.Equal(TimeSpan.FromSeconds(7), Options<IngestOptions>(host).PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), Options<IngestOptions>(host).Lease);
        Assert.Equal(TimeSpan.FromSeconds(30), Options<IngestOptions>(host).ExpirySweepInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Options<JobsOptions>(host).PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), Options<JobsOptions>(host).GrantCheckInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), Options<ComputeOptions>(host).PollInterval);
    }

    [Theory]
    [InlineData("Eucaim:Ingest:PollInterval", "00:00:00")]
    [InlineData("Eucaim:Ingest:Lease", "00:00:01")]
    [InlineData("Eucaim:Ingest:ExpirySweepInterval", "-00:00:05")]
    [InlineData("Eucaim:Jobs:PollInterval", "00:00:00")]
    [InlineData("Eucaim:Jobs:GrantCheckInterval", "02:00:00")]
    [InlineData("Eucaim:Compute:PollInterval", "00:00:00")]
    [InlineData("Eucaim:Ingest:PollSeconds", "5")]
    [InlineData("Eucaim:Ingest:LeaseSeconds", "15")]
    [InlineData("Eucaim:Ingest:ExpirySweepSeconds", "30")]
    [InlineData("Eucaim:Jobs:PollSeconds", "2")]
    [InlineData("Eucaim:Jobs:GrantCheckSeconds", "30")]
    [InlineData("Eucaim:Compute:PollSeconds", "10")]
    public void An_interval_out_of_range_or_a_renamed_key_fails_validation(string key, string value)
    {
        using var host = Build(new() { [key] = value });

        var section = key[..key.LastIndexOf(':')];
        var error = Assert.Throws<OptionsValidationException>(() => section switch
        {
            IngestOptions.Section => (object)Options<IngestOptions>(host),
            JobsOptions.Section => Options<JobsOptions>(host),
            _ => Options<ComputeOptions>(host),
        });
        Assert.Contains(key[(key.LastIndexOf(':') + 1)..], error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEucaimTenants();
        builder.AddEucaimIngest();
        builder.AddEucaimJobs();
        return builder.Build();
    }

    private static T Options<T>(IHost host)
        where T : class => host.Services.GetRequiredService<IOptions<T>>().Value;
}
