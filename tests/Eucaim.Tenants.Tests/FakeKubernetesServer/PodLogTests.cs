using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>Pod logs with the kubelet's query parameters: container, sinceTime, sinceSeconds, tailLines, timestamps, limitBytes, follow.</summary>
public sealed class PodLogTests : FakeServerTest
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Since_time_has_second_precision_and_tail_lines_and_timestamps_shape_the_answer()
    {
        await PodAsync(running: true);
        Append("job", "a", Start.AddMilliseconds(100));
        Append("job", "b", Start.AddSeconds(1).AddMilliseconds(200));
        Append("job", "c", Start.AddSeconds(1).AddMilliseconds(700));
        Append("job", "d", Start.AddSeconds(2));
        Append("upload", "sidecar", Start.AddSeconds(1));

        // 10:00:01.5 is forwarded as 10:00:01: "b" of that same second comes too.
        Assert.Equal("b\nc\nd\n", await LogAsync("container=job&sinceTime=2026-03-01T10:00:01.500Z"));
        Assert.Equal("c\nd\n", await LogAsync("container=job&tailLines=2"));
        Assert.Equal("2026-03-01T10:00:01.2Z b\n", await LogAsync("container=job&timestamps=true&sinceTime=2026-03-01T10:00:01Z&limitBytes=25"));
        Assert.Equal("sidecar\n", await LogAsync("container=upload"));
        var lines = Server.LogLinesSent;
        Assert.Equal("", await LogAsync("container=job&sinceTime=2026-03-01T10:00:03Z"));
        Assert.Equal(lines, Server.LogLinesSent);
    }

    [Fact]
    public async Task Since_seconds_counts_back_from_now()
    {
        await PodAsync(running: true);
        Append("job", "old", DateTimeOffset.UtcNow.AddMinutes(-10));
        Append("job", "new", DateTimeOffset.UtcNow);

        Assert.Equal("new\n", await LogAsync("container=job&sinceSeconds=60"));
    }

    [Fact]
    public async Task A_waiting_container_an_unnamed_container_of_several_and_both_since_forms_are_refused()
    {
        await PodAsync(running: false);

        var waiting = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/n/pods/p/log?container=job");
        var unnamed = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/n/pods/p/log");

        Assert.Equal((400, "container \"job\" in pod \"p\" is waiting to start: ContainerCreating"), (waiting.Status, waiting.Body["message"]!.GetValue<string>()));
        Assert.Equal(400, unnamed.Status);
        Assert.StartsWith("a container name must be specified for pod p, choose one of: [job sleeper]", unnamed.Body["message"]!.GetValue<string>());
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedPodLogAsync("nope", "n"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);

        await PodAsync(running: true, name: "q");
        var both = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/n/pods/q/log?container=job&sinceSeconds=1&sinceTime=2026-03-01T10:00:00Z");
        Assert.Equal(422, both.Status);
    }

    [Fact]
    public async Task Follow_streams_new_lines_until_the_container_ends()
    {
        await PodAsync(running: true);
        Append("job", "first", Start);
        await using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync("p", "n", container: "job", follow: true);
        using var reader = new StreamReader(stream);

        Assert.Equal("first", await reader.ReadLineAsync());
        Append("job", "second", Start.AddSeconds(1));
        Assert.Equal("second", await reader.ReadLineAsync());

        lock (Server.Store.Sync)
        {
            var pod = Server.Store.Get("/api/v1/namespaces/n/pods", "p")!;
            pod["status"]!["containerStatuses"]![0]!["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0 } };
            Server.Store.Put("/api/v1/namespaces/n/pods", "p", pod, "MODIFIED");
        }

        Assert.Null(await reader.ReadLineAsync());
    }

    private void Append(string container, string line, DateTimeOffset at)
    {
        lock (Server.Store.Sync)
        {
            Server.Store.AppendLog("n", "p", line, at, container);
        }
    }

    private async Task<string> LogAsync(string query)
    {
        var response = await Http.GetAsync($"api/v1/namespaces/n/pods/p/log?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task PodAsync(bool running, string name = "p")
    {
        if (Server.Store.Get("/api/v1/namespaces", "n") is null)
        {
            await Client.CoreV1.CreateNamespaceAsync(Namespace("n"));
        }

        var state = running ? new V1ContainerState { Running = new V1ContainerStateRunning() } : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "n" },
            Spec = new V1PodSpec
            {
                InitContainers = [new V1Container { Name = "upload", Image = "x", RestartPolicy = "Always" }],
                Containers = [new V1Container { Name = "job", Image = "x" }, new V1Container { Name = "sleeper", Image = "x" }],
            },
            Status = new V1PodStatus
            {
                Phase = running ? "Running" : "Pending",
                ContainerStatuses = [new V1ContainerStatus { Name = "job", Image = "x", ImageID = "", Ready = running, RestartCount = 0, State = state }],
                InitContainerStatuses = [new V1ContainerStatus { Name = "upload", Image = "x", ImageID = "", Ready = running, RestartCount = 0, State = state }],
            },
        };
        lock (Server.Store.Sync)
        {
            Server.Store.Put("/api/v1/namespaces/n/pods", name, JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject(), "ADDED");
        }
    }
}
