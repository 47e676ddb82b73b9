using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>A fresh fake API server per test, a KubernetesClient on it, and a raw HTTP client for what KubernetesClient hides (status lines, headers).</summary>
public abstract class FakeServerTest : IAsyncLifetime
{
    protected FakeKubernetesApiServer Server { get; private set; } = null!;

    protected Kubernetes Client { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeKubernetesApiServer.StartAsync();
        Client = Server.CreateClient(TimeSpan.FromSeconds(30));
        Http = new HttpClient { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
    }

    protected static V1Namespace Namespace(string name, IDictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels } };

    protected async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? [], response);
    }
}
