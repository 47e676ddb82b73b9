using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>
/// ResourceQuota admission: the pod's effective requests and limits counted as Kubernetes counts them
/// (init containers, native sidecars, regular containers), LimitRange defaults first, the real refusal
/// messages, and <c>status.used</c> kept current.
/// </summary>
public sealed class ResourceQuotaTests : FakeServerTest
{
    [Fact]
    public async Task Sidecars_count_beside_the_containers_and_an_init_container_only_beside_the_sidecars_declared_before_it()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("q"));
        await Quota(new() { ["requests.cpu"] = "100", ["limits.memory"] = "100Gi", ["requests.nvidia.com/gpu"] = "8", ["requests.ephemeral-storage"] = "1Ti", ["pods"] = "10" });

        // stage (init, 6 cpu) runs beside upload (sidecar declared before it, 1 cpu): 7; the job (2) and upload (1) run together: 3.
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p",
            init: [Container("upload", "1", "1Gi", sidecar: true), Container("stage", "6", "2Gi")],
            main: [Container("job", "2", "8Gi", gpus: "1", scratch: "50Gi")]), "q");

        var used = (await Client.CoreV1.ReadNamespacedResourceQuotaAsync("quota", "q")).Status.Used;
        Assert.Equal("7", used["requests.cpu"].ToString());
        Assert.Equal("9Gi", used["limits.memory"].ToString());
        Assert.Equal("1", used["requests.nvidia.com/gpu"].ToString());
        Assert.Equal("50Gi", used["requests.ephemeral-storage"].ToString());
        Assert.Equal("1", used["pods"].ToString());
    }

    [Fact]
    public async Task A_pod_over_the_quota_is_refused_with_the_real_message_and_a_finished_pod_frees_its_share()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("q"));
        await Quota(new() { ["requests.cpu"] = "32", ["limits.memory"] = "256Gi", ["pods"] = "4" });
        foreach (var i in Enumerable.Range(1, 3))
        {
            await Client.CoreV1.CreateNamespacedPodAsync(Pod($"p{i}", init: [Container("upload", "1", "2Gi", sidecar: true)], main: [Container("job", "8", "64Gi")]), "q");
        }

        // The helper's share makes the 4th of "4 × 8 CPU / 64 GiB in 32 CPU / 256 GiB" not fit.
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedPodAsync(
            Pod("p4", init: [Container("upload", "1", "2Gi", sidecar: true)], main: [Container("job", "8", "64Gi")]), "q"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Equal(
            "pods \"p4\" is forbidden: exceeded quota: quota, requested: limits.memory=66Gi,requests.cpu=9, used: limits.memory=198Gi,requests.cpu=27, limited: limits.memory=256Gi,requests.cpu=32",
            JsonNode.Parse(refused.Response.Content)!["message"]!.GetValue<string>());

        var p1 = await Client.CoreV1.ReadNamespacedPodAsync("p1", "q");
        p1.Status = new V1PodStatus { Phase = "Succeeded" };
        lock (Server.Store.Sync)
        {
            Server.Store.Put("/api/v1/namespaces/q/pods", "p1", JsonNode.Parse(k8s.KubernetesJson.Serialize(p1))!.AsObject(), "MODIFIED");
        }

        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p4", init: [Container("upload", "1", "2Gi", sidecar: true)], main: [Container("job", "8", "64Gi")]), "q");
        Assert.Equal("27", (await Client.CoreV1.ReadNamespacedResourceQuotaAsync("quota", "q")).Status.Used["requests.cpu"].ToString());
    }

    [Fact]
    public async Task A_cpu_or_memory_quota_needs_every_container_to_state_it_unless_a_limit_range_defaults_it()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("q"));
        await Quota(new() { ["requests.cpu"] = "10", ["limits.memory"] = "10Gi" });
        var bare = Pod("bare", init: [], main: [new V1Container { Name = "job", Image = "x" }]);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedPodAsync(bare, "q"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains("failed quota: quota: must specify limits.memory for: job; requests.cpu for: job", refused.Response.Content);

        await Client.CoreV1.CreateNamespacedLimitRangeAsync(new V1LimitRange
        {
            Metadata = new V1ObjectMeta { Name = "defaults" },
            Spec = new V1LimitRangeSpec
            {
                Limits =
                [
                    new V1LimitRangeItem
                    {
                        Type = "Container",
                        DefaultProperty = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("1Gi") },
                        DefaultRequest = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("512Mi") },
                    },
                ],
            },
        }, "q");
        var defaulted = await Client.CoreV1.CreateNamespacedPodAsync(bare, "q");

        Assert.Equal("250m", defaulted.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        Assert.Equal("1Gi", defaulted.Spec.Containers[0].Resources.Limits["memory"].ToString());
        Assert.Equal("250m", (await Client.CoreV1.ReadNamespacedResourceQuotaAsync("quota", "q")).Status.Used["requests.cpu"].ToString());
    }

    [Fact]
    public async Task Object_counts_are_quota_too()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("q"));
        await Quota(new() { ["count/jobs.batch"] = "1" });
        var job = (string name) => new V1Job
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "x" }] } } },
        };
        await Client.BatchV1.CreateNamespacedJobAsync(job("one"), "q");

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.BatchV1.CreateNamespacedJobAsync(job("two"), "q"));

        Assert.Contains("jobs.batch \\\"two\\\" is forbidden: exceeded quota: quota, requested: count/jobs.batch=1, used: count/jobs.batch=1, limited: count/jobs.batch=1", refused.Response.Content);
    }

    private Task<V1ResourceQuota> Quota(Dictionary<string, string> hard) =>
        Client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "quota" },
            Spec = new V1ResourceQuotaSpec { Hard = hard.ToDictionary(h => h.Key, h => new ResourceQuantity(h.Value)) },
        }, "q");

    private static V1Pod Pod(string name, IList<V1Container> init, IList<V1Container> main) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PodSpec { InitContainers = init, Containers = main } };

    private static V1Container Container(string name, string cpu, string memory, bool sidecar = false, string? gpus = null, string? scratch = null)
    {
        var requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) };
        var limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) };
        if (gpus is not null)
        {
            limits["nvidia.com/gpu"] = new(gpus);
        }

        if (scratch is not null)
        {
            requests["ephemeral-storage"] = limits["ephemeral-storage"] = new(scratch);
        }

        return new V1Container { Name = name, Image = "x", RestartPolicy = sidecar ? "Always" : null, Resources = new V1ResourceRequirements { Requests = requests, Limits = limits } };
    }
}
