using System.Text.Json.Nodes;
using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// Plays the Job controller and the kubelet on the fake API server: creates the pod of a Job the
/// backend made, and moves pods and Jobs through the states a cluster reports (the watch sees each
/// change as a MODIFIED event).
/// </summary>
internal sealed class FakeJobController(FakeKubernetesApiServer server)
{
    public V1Pod CreatePod(Guid jobId, string tenant = "tenant-a")
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
            Metadata = new V1ObjectMeta { Name = $"{jobName}-x7k2p", NamespaceProperty = ns, Labels = labels, CreationTimestamp = DateTime.UtcNow },
            Spec = job.Spec.Template.Spec,
            Status = new V1PodStatus { Phase = "Pending" },
        };
        Put(pod, "ADDED");
        return pod;
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

    public static V1ContainerStatus JobContainer(V1ContainerState state) => new() { Name = KubernetesJobManifests.MainContainer, Image = "x", ImageID = "", Ready = state.Running is not null, RestartCount = 0, State = state };

    public static V1ContainerStatus Uploader(V1ContainerState state) => new() { Name = KubernetesJobManifests.OutputContainer, Image = "x", ImageID = "", Ready = state.Running is not null, RestartCount = 0, State = state };

    private void Put(V1Pod pod, string type)
    {
        lock (server.Store.Sync)
        {
            server.Store.Put($"/api/v1/namespaces/{pod.Metadata.NamespaceProperty}/pods", pod.Metadata.Name, JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject(), type);
        }
    }
}
