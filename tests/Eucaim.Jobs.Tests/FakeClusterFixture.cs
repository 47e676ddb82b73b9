using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs.Kubernetes;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>A fake API server with a tenant namespace, and Jobs made directly (not by the backend) for the fake controller and kubelet tests.</summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    private FakeCluster(FakeKubernetesApiServer server, Kubernetes client)
    {
        Server = server;
        Client = client;
        Controller = new FakeJobController(server);
    }

    public static string Namespace => TenantRules.Namespace("tenant-a");

    public FakeKubernetesApiServer Server { get; }

    public Kubernetes Client { get; }

    public FakeJobController Controller { get; }

    public static async Task<FakeCluster> StartAsync(IDictionary<string, string>? namespaceLabels = null)
    {
        var server = await FakeKubernetesApiServer.StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace, Labels = namespaceLabels } });
        return new FakeCluster(server, client);
    }

    public async Task<Guid> CreateJobAsync(V1PodSpec spec)
    {
        var id = Guid.NewGuid();
        var labels = new Dictionary<string, string> { [TenantManifests.ManagedByLabel] = KubernetesJobManifests.ManagedBy, [KubernetesJobManifests.JobIdLabel] = id.ToString() };
        await Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = KubernetesJobManifests.JobName(id), Labels = labels },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = spec } },
        }, Namespace);
        return id;
    }

    public async Task<V1Pod> PodAsync(string name) => await Client.CoreV1.ReadNamespacedPodAsync(name, Namespace);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
