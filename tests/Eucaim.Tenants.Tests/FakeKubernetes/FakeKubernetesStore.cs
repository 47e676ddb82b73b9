using System.Globalization;
using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// The fake API server's objects, keyed by collection path (e.g. <c>/api/v1/namespaces/x/resourcequotas</c>)
/// and name, with one resourceVersion counter for all of them, as etcd has. The change history that
/// watches resume from is trimmed like etcd's compaction: changes older than <see cref="HistoryWindow"/>
/// or beyond the last <see cref="HistoryLimit"/> are gone, and a watch from before them must relist.
/// </summary>
public sealed class FakeKubernetesStore
{
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _collections = new(StringComparer.Ordinal);
    private readonly List<Action<string, string, JsonObject>> _watchers = [];
    private readonly LinkedList<Change> _history = [];
    private readonly Dictionary<string, List<FakeKubernetesLogLine>> _logs = new(StringComparer.Ordinal);
    private long _resourceVersion = 1000;
    private long _compactedThrough = 1000;

    public object Sync { get; } = new();

    public long ResourceVersion => _resourceVersion;

    /// <summary>Watches may resume from this resourceVersion or a later one; older ones answer 410 Expired.</summary>
    public long CompactedThrough => _compactedThrough;

    /// <summary>How many changes the history keeps (the watch cache's capacity).</summary>
    public int HistoryLimit { get; set; } = 1000;

    /// <summary>How long a change stays in the history (etcd compacts every 5 minutes by default).</summary>
    public TimeSpan HistoryWindow { get; set; } = TimeSpan.FromMinutes(5);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Raised (under <see cref="Sync"/>) when a container log grows, for <c>follow</c> streams.</summary>
    public event Action? LogAppended;

    public JsonObject? Get(string collection, string name) =>
        _collections.TryGetValue(collection, out var items) && items.TryGetValue(name, out var item) ? (JsonObject)item.DeepClone() : null;

    public IReadOnlyList<JsonObject> List(string collection) =>
        _collections.TryGetValue(collection, out var items) ? [.. items.Values.Select(i => (JsonObject)i.DeepClone())] : [];

    /// <summary>Every collection whose path satisfies <paramref name="match"/> (cluster-wide lists such as <c>/apis/batch/v1/jobs</c>).</summary>
    public IReadOnlyList<JsonObject> ListWhere(Func<string, bool> match) =>
        [.. _collections.Where(c => match(c.Key)).SelectMany(c => c.Value.Values).Select(i => (JsonObject)i.DeepClone())];

    /// <summary>The collections under a namespace (<c>…/namespaces/NAME/…</c>) that hold anything.</summary>
    public IReadOnlyList<string> CollectionsIn(string ns) =>
        [.. _collections.Where(c => c.Value.Count > 0 && c.Key.Contains($"/namespaces/{ns}/", StringComparison.Ordinal)).Select(c => c.Key)];

    /// <summary>Changes after <paramref name="version"/>, oldest first, for a watch that resumes from a resourceVersion; null when compacted away.</summary>
    public IReadOnlyList<(string Collection, string Type, JsonObject Item)>? Since(long version)
    {
        Trim();
        return version < _compactedThrough
            ? null
            : [.. _history.Where(h => h.Version > version).Select(h => (h.Collection, h.Type, (JsonObject)h.Item.DeepClone()))];
    }

    /// <summary>Drops the whole change history, as an etcd compaction at the current revision does.</summary>
    public void Compact()
    {
        _history.Clear();
        _compactedThrough = _resourceVersion;
    }

    /// <summary>Appends to a pod's container log, one line per call, at the time the kubelet saw it; no container means the pod's first one.</summary>
    public void AppendLog(string ns, string pod, string line, DateTimeOffset at, string? container = null)
    {
        var key = $"{ns}/{pod}";
        if (!_logs.TryGetValue(key, out var log))
        {
            _logs[key] = log = [];
        }

        log.Add(new FakeKubernetesLogLine(container, at, line));
        LogAppended?.Invoke();
    }

    public IReadOnlyList<FakeKubernetesLogLine> Log(string ns, string pod) => _logs.TryGetValue($"{ns}/{pod}", out var log) ? [.. log] : [];

    public JsonObject Put(string collection, string name, JsonObject item, string type)
    {
        item["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        if (!_collections.TryGetValue(collection, out var items))
        {
            _collections[collection] = items = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        }

        items[name] = item;
        Notify(collection, type, item);
        return (JsonObject)item.DeepClone();
    }

    /// <summary>Removes an object at once (no finalizers, no propagation); a namespace takes its content with it.</summary>
    public bool Remove(string collection, string name)
    {
        if (!_collections.TryGetValue(collection, out var items) || !items.Remove(name, out var item))
        {
            return false;
        }

        Notify(collection, "DELETED", item);
        if (collection == "/api/v1/namespaces")
        {
            foreach (var key in CollectionsIn(name))
            {
                foreach (var child in _collections[key].Keys.ToList())
                {
                    Remove(key, child);
                }
            }

            _logs.Keys.Where(k => k.StartsWith($"{name}/", StringComparison.Ordinal)).ToList().ForEach(k => _logs.Remove(k));
        }

        return true;
    }

    public IDisposable Watch(Action<string, string, JsonObject> onEvent)
    {
        _watchers.Add(onEvent);
        return new Unsubscriber(() =>
        {
            lock (Sync)
            {
                _watchers.Remove(onEvent);
            }
        });
    }

    private void Notify(string collection, string type, JsonObject item)
    {
        if (type == "DELETED")
        {
            item = (JsonObject)item.DeepClone();
            item["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        }

        var version = long.Parse(item["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        _history.AddLast(new Change(version, Time.GetUtcNow(), collection, type, (JsonObject)item.DeepClone()));
        Trim();
        foreach (var watcher in _watchers.ToList())
        {
            watcher(collection, type, (JsonObject)item.DeepClone());
        }
    }

    private void Trim()
    {
        var oldest = Time.GetUtcNow() - HistoryWindow;
        while (_history.First is { } first && (_history.Count > HistoryLimit || first.Value.At < oldest))
        {
            _compactedThrough = first.Value.Version;
            _history.RemoveFirst();
        }
    }

    private sealed record Change(long Version, DateTimeOffset At, string Collection, string Type, JsonObject Item);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>One line of a container log as the kubelet keeps it: when it was written and its text.</summary>
public sealed record FakeKubernetesLogLine(string? Container, DateTimeOffset At, string Text);
