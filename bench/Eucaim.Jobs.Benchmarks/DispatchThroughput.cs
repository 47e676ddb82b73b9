using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eucaim.Jobs.Benchmarks;

/// <summary>
/// How many jobs per second the dispatcher hands to Kubernetes: the Kubernetes backend's launch
/// (staging Secret with SAS URLs, then the Job) one after the other as the dispatcher does, against
/// the in-process fake API server, with the Job and Pod watches running.
/// </summary>
internal static class DispatchThroughput
{
    public static async Task RunAsync(int jobs)
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = TenantRules.Namespace("bench") } });
        // SAS URLs are signed locally with the account key: no storage round trip is part of a launch without datasets.
        var blobs = new BlobServiceClient("UseDevelopmentStorage=true");
        var options = new JobsOptions { Kubernetes = new KubernetesJobsOptions { ToolsImage = "ghcr.io/eucaim/workers@sha256:" + new string('e', 64) } };
        var backend = new KubernetesJobBackend(client, new KubernetesJobManifests(options), blobs, TimeProvider.System, new JobWakeup(), NullLogger<KubernetesJobWatcher>.Instance);
        await backend.Watcher.StartAsync(CancellationToken.None);
        var flavor = new Flavor { Name = "bench-gpu", CpuMillicores = 4000, MemoryMib = 16384, GpuCount = 1, GpuType = "NVIDIA-A100-SXM4-80GB", NodeSelector = ["nvidia.com/gpu.present=true"], Tolerations = ["nvidia.com/gpu:NoSchedule"], MaxRuntimeMinutes = 60 };

        // Warm-up: JIT, connection pool, serializers.
        for (var i = 0; i < 20; i++)
        {
            await backend.LaunchAsync(new JobLaunch(Job(), flavor, []), CancellationToken.None);
        }

        var launches = new List<double>(jobs);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            var one = Stopwatch.StartNew();
            await backend.LaunchAsync(new JobLaunch(Job(), flavor, []), CancellationToken.None);
            launches.Add(one.Elapsed.TotalMilliseconds);
        }

        total.Stop();
        await backend.Watcher.StopAsync(CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dispatcher → fake Kubernetes API: {jobs} jobs in {total.Elapsed.TotalSeconds:0.00} s = {jobs / total.Elapsed.TotalSeconds:0.0} jobs/s (sequential launches, watches running)"));
        Console.WriteLine(Percentiles.Line("  one launch (Secret + Job)", launches));
    }

    private static Job Job() => new()
    {
        Id = Guid.CreateVersion7(),
        TenantSlug = "bench",
        Name = "bench",
        Image = "registry.example.org/bench/model:1",
        ImageDigest = "sha256:" + new string('a', 64),
        Flavor = "bench-gpu",
        GpuCount = 1,
        MaxRuntimeMinutes = 60,
        Status = JobStatus.Starting,
        SubmittedBy = "bench",
        SubmittedAt = DateTimeOffset.UtcNow,
    };
}
