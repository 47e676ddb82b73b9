using Eucaim.Core.Jobs;
using k8s;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Kubernetes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eucaim.Jobs.Tests;

/// <summary>One fake API server with the tenant namespace, and backends on it as a Workers process would build them.</summary>
internal sealed class KubernetesBackendHarness : IAsyncDisposable
{
    private readonly List<KubernetesJobBackend> _backends = [];
    private readonly List<k8s.Kubernetes> _clients = [];

    private KubernetesBackendHarness(FakeKubernetesApiServer server, AzuriteFixture azurite, TestStagingEndpoint staging)
    {
        Server = server;
        Azurite = azurite;
        Staging = staging;
        Controller = new FakeJobController(server);
    }

    public FakeKubernetesApiServer Server { get; }

    /// <summary>Where the pods' helpers exchange their token.</summary>
    public TestStagingEndpoint Staging { get; }

    public AzuriteFixture Azurite { get; }

    public FakeJobController Controller { get; }

    public static async Task<KubernetesBackendHarness> StartAsync(AzuriteFixture azurite)
    {
        var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "eucaim-tenant-a" } });
        return new KubernetesBackendHarness(server, azurite, await TestStagingEndpoint.StartAsync(azurite.Blobs));
    }

    /// <summary>A launch as the dispatcher makes it: the job's flavor and a freshly issued token.</summary>
    public JobLaunch Launch(Job job, Eucaim.Core.Tenants.Flavor? flavor = null) => new(job, flavor ?? TestJobs.GpuFlavor(), [], Staging.Issue(job));

    public JobsOptions Options()
    {
        var options = TestJobs.Options();
        options.Kubernetes.StagingEndpoint = Staging.Url.ToString();
        return options;
    }

    /// <summary>A backend as a freshly started Workers has it; with <paramref name="watch"/> its watcher runs.</summary>
    public async Task<KubernetesJobBackend> BackendAsync(bool watch = true, TimeSpan? timeout = null)
    {
        var client = Server.CreateClient(timeout);
        _clients.Add(client);
        var options = Options();
        var backend = new KubernetesJobBackend(client, new KubernetesJobManifests(options), Azurite.Blobs, TimeProvider.System, new JobWakeup(), NullLogger<KubernetesJobWatcher>.Instance);
        _backends.Add(backend);
        if (watch)
        {
            await backend.Watcher.StartAsync(CancellationToken.None);
        }

        return backend;
    }

    /// <summary>
    /// Observes until <paramref name="done"/> holds. The watch caches are eventually consistent (jobs and
    /// pods arrive on separate watches), so callers wait for the state they expect rather than the first change.
    /// </summary>
    public static async Task<JobObservation> ObserveUntilAsync(IJobBackend backend, Job job, Func<JobObservation, bool> done)
    {
        // A liveness bound, not a speed target.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        JobObservation seen;
        while (!done(seen = await backend.ObserveAsync(job, CancellationToken.None)))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"The job still reads {seen} after 30 s.");
            }

            await Task.Delay(20);
        }

        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.Watcher.StopAsync(CancellationToken.None);
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        await Staging.DisposeAsync();
    }
}
