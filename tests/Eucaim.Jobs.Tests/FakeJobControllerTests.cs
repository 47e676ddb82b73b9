using Eucaim.Workers.Jobs.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>The fake Job controller creates pods through admission and reports a refusal as the real one does: an event, and no pod.</summary>
public sealed class FakeJobControllerTests
{
    [Fact]
    public async Task A_pod_that_pod_security_refuses_leaves_the_job_without_pods_and_a_failed_create_event()
    {
        await using var cluster = await FakeCluster.StartAsync(new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" });
        var id = await cluster.CreateJobAsync(new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "job", Image = "x" }] });

        var pod = cluster.Controller.TryCreatePod(id, out var refusal);

        Assert.Null(pod);
        Assert.Contains("violates PodSecurity \"restricted:latest\"", refusal);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedPodAsync(FakeCluster.Namespace)).Items);
        var (reason, message) = Assert.Single(cluster.Controller.Events(id));
        Assert.Equal("FailedCreate", reason);
        Assert.StartsWith($"Error creating: pods \"{KubernetesJobManifests.JobName(id)}-x7k2p\" is forbidden: violates PodSecurity", message);
    }

    [Fact]
    public async Task A_pod_over_the_quota_is_refused_and_a_pod_that_fits_belongs_to_its_job()
    {
        await using var cluster = await FakeCluster.StartAsync();
        await cluster.Client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "tenant-quota" },
            Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["requests.nvidia.com/gpu"] = new("1") } },
        }, FakeCluster.Namespace);
        var spec = new V1PodSpec
        {
            RestartPolicy = "Never",
            Containers = [new V1Container { Name = "job", Image = "x", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("1") } } }],
        };
        var fits = await cluster.CreateJobAsync(spec);
        var over = await cluster.CreateJobAsync(spec);

        var pod = cluster.Controller.CreatePod(fits);
        Assert.Null(cluster.Controller.TryCreatePod(over, out var refusal));

        Assert.Equal(KubernetesJobManifests.JobName(fits), pod.Metadata.OwnerReferences.Single().Name);
        Assert.Contains("exceeded quota: tenant-quota, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=1, limited: requests.nvidia.com/gpu=1", refusal);
        Assert.Equal("FailedCreate", Assert.Single(cluster.Controller.Events(over)).Reason);
    }
}
