using System.Net;
using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests;

/// <summary>The fake API server answers as the real one does for what the platform relies on.</summary>
public sealed class FakeKubernetesApiServerTests : IAsyncLifetime
{
    private FakeKubernetesApiServer _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = _server.CreateClient(TimeSpan.FromSeconds(2));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Create_get_replace_and_delete_follow_the_real_semantics()
    {
        var created = await _client.CoreV1.CreateNamespaceAsync(Namespace("a", "x"));
        Assert.NotNull(created.Metadata.Uid);

        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespaceAsync(Namespace("a", "x")));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Response.StatusCode);
        Assert.Contains("AlreadyExists", duplicate.Response.Content);

        created.Metadata.Labels["team"] = "y";
        var replaced = await _client.CoreV1.ReplaceNamespaceAsync(created, "a");
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(created.Metadata.Uid, replaced.Metadata.Uid);

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespaceAsync(created, "a"));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Contains("the object has been modified", stale.Response.Content);

        var inMissingNamespace = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "s" } }, "nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, inMissingNamespace.Response.StatusCode);

        await _client.CoreV1.DeleteNamespaceAsync("a");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespaceAsync("a"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", missing.Response.Content);
    }

    [Fact]
    public async Task Lists_filter_by_label_selector()
    {
        await _client.CoreV1.CreateNamespaceAsync(Namespace("a", "x"));
        await _client.CoreV1.CreateNamespaceAsync(Namespace("b", "y"));
        await _client.CoreV1.CreateNamespaceAsync(Namespace("c", "x"));

        var selected = await _client.CoreV1.ListNamespaceAsync(labelSelector: "team=x");
        var excluded = await _client.CoreV1.ListNamespaceAsync(labelSelector: "team!=x");

        Assert.Equal(["a", "c"], selected.Items.Select(n => n.Metadata.Name));
        Assert.Equal(["b"], excluded.Items.Select(n => n.Metadata.Name));
    }

    [Fact]
    public async Task A_watch_streams_changes_and_an_injected_drop_ends_it()
    {
        await _client.CoreV1.CreateNamespaceAsync(Namespace("a", "x"));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var events = _client.CoreV1.WatchListNamespaceAsync(cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);

        // The first event proves the watch is established before anything changes.
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "a"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
        await _client.CoreV1.CreateNamespaceAsync(Namespace("b", "x"));
        await _client.CoreV1.DeleteNamespaceAsync("a");
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "b"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
        // A deleted namespace first turns Terminating, then goes once its content is removed.
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Modified, "a", "Terminating"), (events.Current.Item1, events.Current.Item2.Metadata.Name, events.Current.Item2.Status.Phase));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Deleted, "a"), (events.Current.Item1, events.Current.Item2.Metadata.Name));

        _server.Inject(new FakeKubernetesFault("GET", "/api/v1/namespaces", FaultKind.DropWatch));
        var beforeDrop = new List<string>();
        await foreach (var (_, ns) in _client.CoreV1.WatchListNamespaceAsync(cancellationToken: stop.Token))
        {
            beforeDrop.Add(ns.Metadata.Name);
        }

        // The dropped stream ended by itself (no cancellation) after replaying the current state.
        Assert.False(stop.IsCancellationRequested);
        Assert.Equal(["b"], beforeDrop);
    }

    [Fact]
    public async Task Injected_faults_answer_with_their_status_for_as_many_requests_as_asked()
    {
        _server.Inject(new FakeKubernetesFault("GET", "/api/v1/namespaces", FaultKind.Status, 403, Times: 1));

        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespaceAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        Assert.Empty((await _client.CoreV1.ListNamespaceAsync()).Items);
    }

    private static V1Namespace Namespace(string name, string team) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["team"] = team } } };
}
