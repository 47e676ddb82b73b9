using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Platform.Tests.Jobs;

/// <summary>
/// A platform of its own whose Workers run tenants and jobs on Kubernetes (<c>Eucaim:Compute:Backend=Kubernetes</c>),
/// reaching the in-process fake API server through a kubeconfig as they would a cluster: the provisioner
/// makes the tenant namespaces there, the dispatcher launches Jobs there, and the pods' token exchange
/// goes to the real Api. Nothing plays the Job controller, so launched jobs stay Starting.
/// </summary>
public sealed class KubernetesPlatformFixture : IAsyncLifetime
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"eucaim-kubeconfig-{Guid.NewGuid():N}.yaml");

    public FakeKubernetesApiServer Cluster { get; private set; } = null!;

    public PlatformFixture Platform { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await FakeKubernetesApiServer.StartAsync();
        using (var client = Cluster.CreateClient())
        {
            // The platform's own namespace, where the Workers keep their leases.
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "eucaim" } });
        }

        await File.WriteAllTextAsync(_kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Cluster.Url}
            users:
            - name: workers
              user:
                token: not-checked
            contexts:
            - name: fake
              context:
                cluster: fake
                user: workers
            current-context: fake
            """);
        Platform = new PlatformFixture(
        [
            "--Eucaim:Compute:Backend=Kubernetes",
            $"--Eucaim:Compute:Kubernetes:Kubeconfig={_kubeconfig}",
            "--Eucaim:Compute:Kubernetes:StorageCidrs:0=127.0.0.1/32",
            $"--Eucaim:Jobs:Kubernetes:ToolsImage=ghcr.io/eucaim/workers@sha256:{new string('7', 64)}",
        ]);
        await Platform.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Cluster.DisposeAsync();
        File.Delete(_kubeconfig);
    }
}
