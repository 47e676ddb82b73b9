using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// Watch streams as the real API server sends them: newline-delimited events; without a resourceVersion
/// (or "0") the current objects as ADDED first, with one only the changes after it; a resourceVersion
/// that history compaction has dropped gets HTTP 200 with a single ERROR event (Status 410 Expired) and
/// the end of the stream; with <c>allowWatchBookmarks=true</c> a BOOKMARK (only
/// <c>metadata.resourceVersion</c>) every <see cref="BookmarkInterval"/>; <c>timeoutSeconds</c> ends the
/// stream cleanly, and so does <see cref="CloseWatches"/>.
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _bookmarksSent = new(StringComparer.Ordinal);

    private int _openWatches;

    /// <summary>Watch streams open now (and reachable by <see cref="CloseWatches"/>).</summary>
    public int OpenWatches => Volatile.Read(ref _openWatches);

    /// <summary>BOOKMARK events sent so far on watches whose path contains <paramref name="pathContains"/>.</summary>
    public int BookmarksSent(string pathContains) => _bookmarksSent.Where(b => b.Key.Contains(pathContains, StringComparison.Ordinal)).Sum(b => b.Value);

    private async Task WatchAsync(HttpContext http, Target target, IReadOnlyDictionary<string, string> query, FaultKind? fault)
    {
        var selector = query.GetValueOrDefault("labelSelector");
        var from = query.GetValueOrDefault("resourceVersion") ?? "";
        var events = Channel.CreateUnbounded<JsonObject>();
        JsonObject Event(string type, JsonObject item) => new() { ["type"] = type, ["object"] = item };

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        IDisposable subscription;
        lock (Store.Sync)
        {
            var expired = fault == FaultKind.ExpireWatch;
            if (!expired && from.Length > 0 && from != "0")
            {
                if (Store.Since(long.Parse(from, CultureInfo.InvariantCulture)) is { } changes)
                {
                    foreach (var (collection, type, item) in changes.Where(c => target.Covers(c.Collection) && Target.MatchesSelector(selector, c.Item)))
                    {
                        events.Writer.TryWrite(Event(type, item));
                    }
                }
                else
                {
                    expired = true;
                }
            }
            else if (!expired)
            {
                foreach (var item in (target.Namespace == "*" ? Store.ListWhere(target.Covers) : Store.List(target.Collection)).Where(i => Target.MatchesSelector(selector, i)))
                {
                    events.Writer.TryWrite(Event("ADDED", item));
                }
            }

            if (expired)
            {
                var status = KubeStatus.Failure(410, $"too old resource version: {from} ({Store.CompactedThrough})").Body;
                subscription = new Unsubscribed();
                events.Writer.TryWrite(Event("ERROR", status));
                events.Writer.TryComplete();
            }
            else
            {
                subscription = Store.Watch((collection, type, item) =>
                {
                    if (target.Covers(collection) && Target.MatchesSelector(selector, item))
                    {
                        events.Writer.TryWrite(Event(type, item));
                    }
                });
                if (fault == FaultKind.DropWatch)
                {
                    // The connection ends after the replay without a final event, as when a load balancer cuts an idle watch.
                    events.Writer.TryComplete();
                }
            }
        }

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _closeWatches.Token);
        if (query.GetValueOrDefault("timeoutSeconds") is { } timeout)
        {
            ending.CancelAfter(TimeSpan.FromSeconds(int.Parse(timeout, CultureInfo.InvariantCulture)));
        }

        var bookmarks = query.GetValueOrDefault("allowWatchBookmarks") == "true" ? Bookmarks(target, events, ending.Token) : Task.CompletedTask;
        Interlocked.Increment(ref _openWatches);
        using (subscription)
        {
            await http.Response.Body.FlushAsync(http.RequestAborted);
            try
            {
                await foreach (var next in events.Reader.ReadAllAsync(ending.Token))
                {
                    await http.Response.WriteAsync(Json(next) + "\n", ending.Token);
                    await http.Response.Body.FlushAsync(ending.Token);
                    if (next["type"]?.GetValue<string>() == "BOOKMARK")
                    {
                        _bookmarksSent.AddOrUpdate(http.Request.Path.Value ?? "", 1, (_, n) => n + 1);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The client left, the watch timed out, or the server closed its watches: the stream just ends.
            }
        }

        Interlocked.Decrement(ref _openWatches);
        await ending.CancelAsync();
        await bookmarks.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>A bookmark only when the stream has sent everything up to the current resourceVersion, so resuming from it loses nothing.</summary>
    private async Task Bookmarks(Target target, Channel<JsonObject> events, CancellationToken ending)
    {
        using var timer = new PeriodicTimer(BookmarkInterval, Store.Time);
        while (await timer.WaitForNextTickAsync(ending))
        {
            lock (Store.Sync)
            {
                if (events.Reader.Count == 0)
                {
                    events.Writer.TryWrite(new JsonObject
                    {
                        ["type"] = "BOOKMARK",
                        ["object"] = new JsonObject
                        {
                            ["kind"] = target.Kind,
                            ["apiVersion"] = target.ApiVersion,
                            ["metadata"] = new JsonObject { ["resourceVersion"] = Store.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
                        },
                    });
                }
            }
        }
    }

    private sealed class Unsubscribed : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
