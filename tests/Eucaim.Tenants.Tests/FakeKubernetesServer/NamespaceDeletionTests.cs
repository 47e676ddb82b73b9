using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>Terminating namespaces and the garbage collector's deletion propagation from Jobs to their pods.</summary>
public sealed class NamespaceDeletionTests : FakeServerTest
{
    [Fact]
    public async Task A_deleted_namespace_is_terminating_refuses_new_content_and_goes_once_its_content_is_gone()
    {
        Server.HoldTerminatingNamespaces = true;
        await Client.CoreV1.CreateNamespaceAsync(Namespace("t"));
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "sa" } }, "t");

        await Client.CoreV1.DeleteNamespaceAsync("t");
        var terminating = await Client.CoreV1.ReadNamespaceAsync("t");
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "late" } }, "t"));
        var again = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.DeleteNamespaceAsync("t"));

        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains("serviceaccounts \\\"late\\\" is forbidden: unable to create new content in namespace t because it is being terminated", refused.Response.Content);
        Assert.Contains("\"reason\":\"Forbidden\"", refused.Response.Content);
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Single((await Client.CoreV1.ListNamespacedServiceAccountAsync("t")).Items);

        Server.FinishTerminating();

        Assert.Empty((await Client.CoreV1.ListNamespaceAsync()).Items);
        Assert.Empty(Server.Store.List("/api/v1/namespaces/t/serviceaccounts"));
    }

    [Theory]
    [InlineData("Background", 0)]
    [InlineData("Foreground", 0)]
    [InlineData("Orphan", 1)]
    [InlineData(null, 1)]
    public async Task Deleting_a_job_propagates_to_its_pods_as_asked(string? policy, int podsLeft)
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("n"));
        var job = await Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "j" },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "x" }] } } },
        }, "n");
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "j-abcde",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "j", Uid = job.Metadata.Uid, Controller = true }],
            },
            Spec = job.Spec.Template.Spec,
        }, "n");
        var kinds = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, _) in Client.BatchV1.WatchListNamespacedJobAsync("n", resourceVersion: job.Metadata.ResourceVersion, timeoutSeconds: 1, cancellationToken: stop.Token))
            {
                kinds.Add(type.ToString());
            }
        });

        await Client.BatchV1.DeleteNamespacedJobAsync("j", "n", propagationPolicy: policy);
        await watching;

        Assert.Empty((await Client.BatchV1.ListNamespacedJobAsync("n")).Items);
        var pods = (await Client.CoreV1.ListNamespacedPodAsync("n")).Items;
        Assert.Equal(podsLeft, pods.Count);
        Assert.All(pods, p => Assert.Empty(p.Metadata.OwnerReferences ?? []));
        // Foreground: the Job is first marked deleted (foregroundDeletion finalizer) until its pods are gone.
        Assert.Equal(policy == "Foreground" ? ["Modified", "Deleted"] : ["Deleted"], kinds);
    }
}
