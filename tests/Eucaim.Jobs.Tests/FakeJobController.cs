using System.Globalization;
using System.Text.Json.Nodes;
using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// Plays the Job controller on the fake API server: creates the pod of a Job the backend made (through
/// the server's admission, so Pod Security and ResourceQuota apply as on a cluster), and moves pods and
/// Jobs through the states a cluster reports (the watch sees each change as a MODIFIED event). A pod
/// that admission refuses is what the Job controller reports too: a <c>FailedCreate</c> Warning event on
/// the Job, and a Job that stays without pods (the platform sees no pod and the Job's own status).
/// </summary>
internal sealed class FakeJobController(FakeKubernetesApiServer server)
{
    public V1Pod CreatePod(Guid jobId, string tenant = "tenant-a") =>
        TryCreatePod(jobId, out var refusal, tenant) ?? throw new InvalidOperationException($"The pod was refused: {refusal}");

    /// <summary>The Job's pod, or null with the API server's refusal (recorded on the Job as a FailedCreate event).</summary>
    public V1Pod? TryCreatePod(Guid jobId, out string? refusal, string tenant = "tenant-a")
    {
        var ns = TenantRules.Namespace(tenant);
        var jobName = KubernetesJobManifests.JobName(jobId);
        V1Job job;
        lock (server.Store.Sync)
        {
            job = KubernetesJson.Deserialize<V1Job>(server.Store.Get($"/apis/batch/v1/namespaces/{ns}/jobs", jobName)!.ToJsonString());
        }

        var labels = new Dictionary<string, string>(job.Spec.Template.Metadata.Labels) { ["job-name"] = jobName, ["batch.kubernetes.io/job-name"] = jobName };
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = $"{jobName}-x7k2p",
                NamespaceProperty = ns,
                Labels = labels,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = jobName, Uid = job.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
            },
            Spec = job.Spec.Template.Spec,
            Status = new V1PodStatus { Phase = "Pending" },
        };
        var result = server.Submit("POST", $"/api/v1/namespaces/{ns}/pods", JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject());
        if (result.Succeeded)
        {
            refusal = null;
            return KubernetesJson.Deserialize<V1Pod>(result.Body.ToJsonString());
        }

        refusal = result.Body["message"]?.GetValue<string>();
        RecordFailedCreate(job, $"Error creating: {refusal}");
        return null;
    }

    public void Update(V1Pod pod, Action<V1PodStatus> change)
    {
        change(pod.Status);
        Put(pod, "MODIFIED");
    }

    public void SetJobCondition(Guid jobId, string type, string reason, string message, string tenant = "tenant-a")
    {
        var ns = TenantRules.Namespace(tenant);
        var collection = $"/apis/batch/v1/namespaces/{ns}/jobs";
        var name = KubernetesJobManifests.JobName(jobId);
        lock (server.Store.Sync)
        {
            var job = server.Store.Get(collection, name)!;
            job["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = type, ["status"] = "True", ["reason"] = reason, ["message"] = message }),
            };
            server.Store.Put(collection, name, job, "MODIFIED");
        }
    }

    /// <summary>The Warning events the Job controller recorded on a Job.</summary>
    public IReadOnlyList<(string Reason, string Message)> Events(Guid jobId, string tenant = "tenant-a")
    {
        var name = KubernetesJobManifests.JobName(jobId);
        lock (server.Store.Sync)
        {
            return [.. server.Store.List($"/api/v1/namespaces/{TenantRules.Namespace(tenant)}/events")
                .Where(e => e["involvedObject"]?["name"]?.GetValue<string>() == name)
                .Select(e => (e["reason"]!.GetValue<string>(), e["message"]!.GetValue<string>()))];
        }
    }

    public static V1ContainerStatus JobContainer(V1ContainerState state) => new() { Name = KubernetesJobManifests.MainContainer, Image = "x", ImageID = "", Ready = state.Running is not null, RestartCount = 0, State = state };

    public static V1ContainerStatus Uploader(V1ContainerState state) => new() { Name = KubernetesJobManifests.OutputContainer, Image = "x", ImageID = "", Ready = state.Running is not null, RestartCount = 0, State = state };

    private void RecordFailedCreate(V1Job job, string message)
    {
        var ns = job.Metadata.NamespaceProperty;
        var name = $"{job.Metadata.Name}.{DateTime.UtcNow.Ticks.ToString("x", CultureInfo.InvariantCulture)}";
        lock (server.Store.Sync)
        {
            server.Store.Put($"/api/v1/namespaces/{ns}/events", name, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = job.Metadata.Name, ["namespace"] = ns, ["uid"] = job.Metadata.Uid },
                ["reason"] = "FailedCreate",
                ["message"] = message,
                ["type"] = "Warning",
                ["source"] = new JsonObject { ["component"] = "job-controller" },
            }, "ADDED");
        }
    }

    private void Put(V1Pod pod, string type)
    {
        lock (server.Store.Sync)
        {
            server.Store.Put($"/api/v1/namespaces/{pod.Metadata.NamespaceProperty}/pods", pod.Metadata.Name, JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject(), type);
        }
    }
}
