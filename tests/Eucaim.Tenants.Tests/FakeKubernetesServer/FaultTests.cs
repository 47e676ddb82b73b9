using System.Net;
using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using k8s.Autorest;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>Injected faults answer as the real server's errors do, for as many requests as asked, and requests are counted per route.</summary>
public sealed class FaultTests : FakeServerTest
{
    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(422, "Invalid")]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    public async Task A_status_fault_carries_the_reason_of_its_code(int code, string reason)
    {
        Server.Inject(new FakeKubernetesFault("POST", "/api/v1/namespaces", FaultKind.Status, code));

        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespaceAsync(Namespace("a")));
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));

        Assert.Equal(code, (int)failed.Response.StatusCode);
        Assert.Contains($"\"reason\":\"{reason}\"", failed.Response.Content);
    }

    [Fact]
    public async Task Too_many_requests_says_when_to_retry()
    {
        Server.Inject(new FakeKubernetesFault("GET", "/api/v1/namespaces", FaultKind.Status, 429) { RetryAfterSeconds = 7 });

        var (status, body, response) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces");

        Assert.Equal(429, status);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(7, body["details"]!["retryAfterSeconds"]!.GetValue<int>());
        Assert.Equal("TooManyRequests", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_slow_response_comes_with_the_normal_answer_after_requests_that_came_later()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        Server.Inject(new FakeKubernetesFault("GET", "/api/v1/namespaces", FaultKind.Slow) { DelayMilliseconds = 3000 });

        var slow = Client.CoreV1.ListNamespaceAsync();
        await Eventually.UntilAsync(() => Server.RequestCount("GET", "/api/v1/namespaces") == 1, "the slow request arrived");
        var quick = await Client.CoreV1.ReadNamespaceAsync("a");

        Assert.Equal("a", quick.Metadata.Name);
        Assert.False(slow.IsCompleted);
        Assert.Equal(["a"], (await slow).Items.Select(n => n.Metadata.Name));
    }

    [Fact]
    public async Task A_watch_only_fault_leaves_lists_alone_and_requests_are_counted_per_route()
    {
        Server.Inject(new FakeKubernetesFault("GET", "/api/v1/namespaces", FaultKind.Status, 500, Times: 2) { Watch = true });

        await Client.CoreV1.ListNamespaceAsync();
        await Client.CoreV1.ListNamespaceAsync();
        for (var i = 0; i < 2; i++)
        {
            var failed = await Assert.ThrowsAsync<HttpOperationException>(async () =>
            {
                await foreach (var _ in Client.CoreV1.WatchListNamespaceAsync(timeoutSeconds: 1))
                {
                }
            });
            Assert.Equal(HttpStatusCode.InternalServerError, failed.Response.StatusCode);
        }

        Assert.Equal(2, Server.RequestCount("GET", "/api/v1/namespaces", watch: false));
        Assert.Equal(2, Server.RequestCount("GET", "/api/v1/namespaces", watch: true));
        Assert.Equal(4, Server.RequestCount(null, "/namespaces"));
        Assert.Equal(0, Server.RequestCount("POST", "/namespaces"));
    }
}
