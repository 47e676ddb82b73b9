using System.Globalization;
using System.Text.Json.Nodes;
using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>List+watch with resourceVersion, bookmarks, history compaction and 410 Expired, as the real API server answers them.</summary>
public sealed class WatchTests : FakeServerTest
{
    [Fact]
    public async Task A_watch_from_a_resource_version_gets_only_the_changes_after_it()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        var listed = await Client.CoreV1.ListNamespaceAsync();
        await Client.CoreV1.CreateNamespaceAsync(Namespace("b"));

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = Client.CoreV1.WatchListNamespaceAsync(resourceVersion: listed.Metadata.ResourceVersion, cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "b"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
    }

    [Fact]
    public async Task Bookmarks_carry_only_the_current_resource_version_and_only_when_asked_for()
    {
        Server.BookmarkInterval = TimeSpan.FromMilliseconds(50);
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listed = await Client.CoreV1.ListNamespaceAsync();

        await using var events = Client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: listed.Metadata.ResourceVersion, cancellationToken: stop.Token)
            .GetAsyncEnumerator(stop.Token);
        Assert.True(await events.MoveNextAsync());
        var (type, bookmark) = events.Current;

        Assert.Equal(WatchEventType.Bookmark, type);
        Assert.Equal(Server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture), bookmark.Metadata.ResourceVersion);
        Assert.Null(bookmark.Metadata.Name);
        Assert.Null(bookmark.Spec);

        // Without allowWatchBookmarks the stream stays silent, and a timeout ends it cleanly.
        var (status, _, plain) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces?watch=true&timeoutSeconds=1&resourceVersion={listed.Metadata.ResourceVersion}");
        Assert.Equal(200, status);
        Assert.Equal("", await plain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resource_version_gets_200_and_a_single_410_expired_error_event()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        var old = (await Client.CoreV1.ListNamespaceAsync()).Metadata.ResourceVersion;
        await Client.CoreV1.CreateNamespaceAsync(Namespace("b"));
        Server.Compact();

        var (status, _, response) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces?watch=true&resourceVersion={old}");
        Assert.Equal(200, status);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines);
        var ev = JsonNode.Parse(error)!;
        Assert.Equal("ERROR", ev["type"]!.GetValue<string>());
        Assert.Equal(("Status", 410, "Expired"), (ev["object"]!["kind"]!.GetValue<string>(), ev["object"]!["code"]!.GetValue<int>(), ev["object"]!["reason"]!.GetValue<string>()));
        Assert.StartsWith($"too old resource version: {old}", ev["object"]!["message"]!.GetValue<string>());

        // KubernetesClient hands that event to onError only, and the enumeration just ends.
        Exception? seen = null;
        var items = new List<string>();
        await foreach (var (_, ns) in Client.CoreV1.WatchListNamespaceAsync(resourceVersion: old, onError: e => seen = e))
        {
            items.Add(ns.Metadata.Name);
        }

        Assert.Empty(items);
        Assert.Equal(410, Assert.IsType<KubernetesException>(seen).Status.Code);

        // The current version is still good.
        var current = (await Client.CoreV1.ListNamespaceAsync()).Metadata.ResourceVersion;
        await Client.CoreV1.CreateNamespaceAsync(Namespace("c"));
        await foreach (var (_, ns) in Client.CoreV1.WatchListNamespaceAsync(resourceVersion: current, timeoutSeconds: 1))
        {
            items.Add(ns.Metadata.Name);
        }

        Assert.Equal(["c"], items);
    }

    [Fact]
    public async Task History_keeps_only_the_last_changes_and_older_versions_expire()
    {
        Server.Store.HistoryLimit = 2;
        var start = (await Client.CoreV1.ListNamespaceAsync()).Metadata.ResourceVersion;
        var versions = new List<string>();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            versions.Add((await Client.CoreV1.CreateNamespaceAsync(Namespace(name))).Metadata.ResourceVersion);
        }

        Assert.Equal(410, await WatchErrorAsync(start));
        Assert.Equal(410, await WatchErrorAsync(versions[0]));
        Assert.Null(await WatchErrorAsync(versions[1]));

        Server.Store.HistoryLimit = 1000;
        Server.Store.HistoryWindow = TimeSpan.Zero;
        var latest = (await Client.CoreV1.CreateNamespaceAsync(Namespace("e"))).Metadata.ResourceVersion;
        await Client.CoreV1.CreateNamespaceAsync(Namespace("f"));
        Assert.Equal(410, await WatchErrorAsync(latest));
    }

    [Fact]
    public async Task Closing_watches_ends_open_streams_cleanly_and_an_injected_expiry_answers_like_compaction()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var streaming = new TaskCompletionSource();
        var open = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in Client.CoreV1.WatchListNamespaceAsync(cancellationToken: stop.Token))
            {
                count++;
                streaming.TrySetResult();
            }

            return count;
        });
        await streaming.Task.WaitAsync(stop.Token);

        Server.CloseWatches();

        Assert.Equal(1, await open);
        Assert.False(stop.IsCancellationRequested);

        Server.Inject(new FakeKubernetesFault("GET", "/api/v1/namespaces", FaultKind.ExpireWatch) { Watch = true });
        Assert.Equal(410, await WatchErrorAsync(Server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture)));
        Assert.Null(await WatchErrorAsync(Server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The code of the ERROR event a watch from <paramref name="resourceVersion"/> gets, or null when it is served (and times out after 1 s).</summary>
    private async Task<int?> WatchErrorAsync(string resourceVersion)
    {
        Exception? error = null;
        try
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespaceAsync(resourceVersion: resourceVersion, timeoutSeconds: 1, onError: e => error = e))
            {
            }
        }
        catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException)
        {
            // KubernetesClient's way of reporting a watch that ended without a single event.
        }

        return (error as KubernetesException)?.Status.Code;
    }
}
