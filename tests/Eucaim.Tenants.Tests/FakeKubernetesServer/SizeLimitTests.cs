using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>The API server's body limit (3 MiB), etcd's object limit (1.5 MiB) and the Secret data limit (1 MiB).</summary>
public sealed class SizeLimitTests : FakeServerTest
{
    [Fact]
    public async Task A_secret_over_one_mebibyte_is_invalid_and_one_just_under_is_stored()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        const string key = "plan.json";
        var limit = 1024 * 1024;

        var over = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedSecretAsync(Secret("big", key, limit - key.Length + 1), "a"));
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("fits", key, limit - key.Length), "a");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.Response.StatusCode);
        Assert.Contains("Secret \\\"big\\\" is invalid: data: Too long: must have at most 1048576 bytes", over.Response.Content);
        Assert.Contains("\"reason\":\"Invalid\"", over.Response.Content);
    }

    [Fact]
    public async Task An_object_over_etcds_limit_and_a_body_over_the_servers_limit_are_too_large()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        var lease = (int size) => new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "l", Annotations = new Dictionary<string, string> { ["x"] = new string('x', size) } },
            Spec = new V1LeaseSpec(),
        };

        var object413 = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoordinationV1.CreateNamespacedLeaseAsync(lease(1600 * 1024), "a"));
        var body413 = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoordinationV1.CreateNamespacedLeaseAsync(lease(3200 * 1024), "a"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, object413.Response.StatusCode);
        Assert.Contains("etcdserver: request is too large", object413.Response.Content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, body413.Response.StatusCode);
        Assert.Contains("Request entity too large: limit is 3145728", body413.Response.Content);
        Assert.Empty((await Client.CoordinationV1.ListNamespacedLeaseAsync("a")).Items);
    }

    private static V1Secret Secret(string name, string key, int bytes) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, byte[]> { [key] = new byte[bytes] } };
}
