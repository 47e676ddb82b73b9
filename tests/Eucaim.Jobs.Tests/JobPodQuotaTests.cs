using System.Net;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs.Kubernetes;
using Eucaim.Workers.Tenants;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// The numbers the platform queues by are the numbers the cluster admits by: a rendered pod counts
/// exactly what <see cref="PodBudget"/> says, and the rendered tenant quota admits as many rendered
/// pods as the quota promises. The pods are counted here from the rendered objects, independently.
/// </summary>
public sealed class JobPodQuotaTests
{
    private readonly KubernetesJobManifests _jobs = new(TestJobs.Options());

    /// <summary>The medium-gpu flavor and the tenant-a quota of docs/tenants.md: 4 × (1 GPU, 8 cores, 64 GiB, 100 GiB scratch) in 4 GPUs, 32 cores, 256 GiB, 400 GiB.</summary>
    private static Flavor MediumGpu() => new()
    {
        Name = "medium-gpu", CpuMillicores = 8000, MemoryMib = 65536, GpuCount = 1, GpuType = "NVIDIA-A100-SXM4-80GB", EphemeralStorageGib = 100, MaxRuntimeMinutes = 1440,
    };

    private static TenantQuota DocumentedQuota() => new()
    {
        Gpus = 4, CpuCores = 32, MemoryGib = 256, StorageGib = 1000, ScratchGib = 400, ConcurrentJobs = 4, MaxJobRuntimeMinutes = 2880,
    };

    public static TheoryData<string, bool> Pods() => new()
    {
        { "gpu", true }, { "gpu", false }, { "cpu", true }, { "cpu", false }, { "tiny", true },
    };

    [Theory]
    [MemberData(nameof(Pods))]
    public void A_rendered_pod_counts_exactly_what_the_budget_says(string flavorName, bool stagesDatasets)
    {
        var flavor = flavorName switch
        {
            "gpu" => TestJobs.GpuFlavor(),
            "cpu" => TestJobs.CpuFlavor(),
            // Smaller than a helper.
            _ => new Flavor { Name = "tiny", CpuMillicores = 50, MemoryMib = 64, EphemeralStorageGib = 1, MaxRuntimeMinutes = 10 },
        };
        var job = TestJobs.Job(datasets: stagesDatasets ? [(Guid.NewGuid(), 1)] : []);

        var pod = _jobs.Job(job, flavor).Spec.Template.Spec;

        var budget = _jobs.Budget.Pod(flavor, stagesDatasets);
        Assert.Equal(budget.CpuMillicores / 1000m, Count(pod, "cpu", requests: true));
        Assert.Equal(budget.MemoryMib * 1048576m, Count(pod, "memory", requests: true));
        Assert.Equal(budget.ScratchMib * 1048576m, Count(pod, "ephemeral-storage", requests: true));
        Assert.Equal(budget.Gpus, Count(pod, "nvidia.com/gpu", requests: true));
        Assert.Equal(Count(pod, "cpu", requests: true), Count(pod, "cpu", requests: false));
        Assert.Equal(Count(pod, "memory", requests: true), Count(pod, "memory", requests: false));
    }

    [Fact]
    public void The_documented_quota_admits_four_rendered_pods_of_its_flavor_and_not_a_fifth()
    {
        var tenants = new TenantManifests(new KubernetesBackendOptions { StorageCidrs = ["10.20.0.0/24"] }, _jobs.Budget);
        var hard = tenants.Quota(new TenantSpec("tenant-a", TenantState.Active, DocumentedQuota())).Spec.Hard;
        var pod = _jobs.Job(TestJobs.Job(datasets: [(Guid.NewGuid(), 1)]), MediumGpu()).Spec.Template.Spec;

        foreach (var (key, quantity) in hard.Where(h => h.Key.Contains('.', StringComparison.Ordinal) && !h.Key.StartsWith("count/", StringComparison.Ordinal)))
        {
            var (scope, resource) = (key[..key.IndexOf('.', StringComparison.Ordinal)], key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            var one = Count(pod, resource, requests: scope == "requests");
            Assert.True(4 * one <= quantity.ToDecimal(), $"4 pods need {4 * one} {key}, the quota allows {quantity}");
            if (resource == "cpu")
            {
                Assert.True(5 * one > quantity.ToDecimal(), $"a fifth pod would fit {key} too");
            }
        }

        Assert.Equal(4m, hard["pods"].ToDecimal());
    }

    [Fact]
    public async Task The_fake_api_servers_quota_admission_admits_four_rendered_pods_of_the_documented_example_and_refuses_a_fifth()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient(TimeSpan.FromSeconds(30));
        var tenant = TestTenants.Tenant();
        tenant.Quota = DocumentedQuota();
        tenant.Quota.ConcurrentJobs = 5;
        tenant.Quota.ScratchGib = 500;
        var manifests = new TenantManifests(new KubernetesBackendOptions { StorageCidrs = ["10.20.0.0/24"] }, _jobs.Budget);
        var reconciled = await new TenantReconciler(new KubernetesTenantBackend(client, manifests), TimeProvider.System).ReconcileAsync(tenant, CancellationToken.None);
        Assert.DoesNotContain(reconciled.Events, e => e.Action == TenantEventActions.ProvisioningFailed);
        var ns = TenantRules.Namespace(tenant.Slug);

        // The quota has room for a fifth job slot and its scratch, but not for a fifth GPU, CPU share or memory share.
        for (var i = 1; i <= 4; i++)
        {
            await client.CoreV1.CreateNamespacedPodAsync(PodOf(_jobs.Job(TestJobs.Job(datasets: [(Guid.NewGuid(), 1)]), MediumGpu()), $"p{i}"), ns);
        }

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedPodAsync(PodOf(_jobs.Job(TestJobs.Job(datasets: [(Guid.NewGuid(), 1)]), MediumGpu()), "p5"), ns));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains("exceeded quota", refused.Response.Content, StringComparison.Ordinal);
        Assert.Contains("requests.cpu", refused.Response.Content, StringComparison.Ordinal);
    }

    private static V1Pod PodOf(V1Job job, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, Labels = job.Spec.Template.Metadata.Labels },
        Spec = job.Spec.Template.Spec,
    };

    /// <summary>
    /// Kubernetes' count of one resource of a pod (component-helpers resource.PodRequests/PodLimits):
    /// max(Σ regular + Σ sidecars, max over init containers of init + the sidecars before it).
    /// </summary>
    private static decimal Count(V1PodSpec pod, string resource, bool requests)
    {
        decimal Of(V1Container c) => (requests ? c.Resources?.Requests : c.Resources?.Limits)?.TryGetValue(resource, out var q) == true ? q.ToDecimal() : 0;
        decimal sidecars = 0, init = 0;
        foreach (var container in pod.InitContainers ?? [])
        {
            if (container.RestartPolicy == "Always")
            {
                sidecars += Of(container);
                init = Math.Max(init, sidecars);
            }
            else
            {
                init = Math.Max(init, Of(container) + sidecars);
            }
        }

        return Math.Max(pod.Containers.Sum(Of) + sidecars, init);
    }
}
