using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// The fake API server's objects, keyed by collection path (e.g. <c>/api/v1/namespaces/x/resourcequotas</c>)
/// and name, with one resourceVersion counter for all of them, as etcd has.
/// </summary>
public sealed class FakeKubernetesStore
{
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _collections = new(StringComparer.Ordinal);
    private readonly List<Action<string, string, JsonObject>> _watchers = [];
    private readonly List<(long Version, string Collection, string Type, JsonObject Item)> _history = [];
    private readonly Dictionary<string, System.Text.StringBuilder> _logs = new(StringComparer.Ordinal);
    private long _resourceVersion = 1000;

    public object Sync { get; } = new();

    public long ResourceVersion => _resourceVersion;

    public JsonObject? Get(string collection, string name) =>
        _collections.TryGetValue(collection, out var items) && items.TryGetValue(name, out var item) ? (JsonObject)item.DeepClone() : null;

    public IReadOnlyList<JsonObject> List(string collection) =>
        _collections.TryGetValue(collection, out var items) ? [.. items.Values.Select(i => (JsonObject)i.DeepClone())] : [];

    /// <summary>Every collection whose path satisfies <paramref name="match"/> (cluster-wide lists such as <c>/apis/batch/v1/jobs</c>).</summary>
    public IReadOnlyList<JsonObject> ListWhere(Func<string, bool> match) =>
        [.. _collections.Where(c => match(c.Key)).SelectMany(c => c.Value.Values).Select(i => (JsonObject)i.DeepClone())];

    /// <summary>Changes after <paramref name="version"/>, oldest first, for a watch that resumes from a resourceVersion.</summary>
    public IReadOnlyList<(string Collection, string Type, JsonObject Item)> Since(long version) =>
        [.. _history.Where(h => h.Version > version).Select(h => (h.Collection, h.Type, (JsonObject)h.Item.DeepClone()))];

    /// <summary>Appends to a pod's container log, one line per call, with a timestamp as the kubelet writes it.</summary>
    public void AppendLog(string ns, string pod, string line, DateTimeOffset at)
    {
        var key = $"{ns}/{pod}";
        if (!_logs.TryGetValue(key, out var log))
        {
            _logs[key] = log = new System.Text.StringBuilder();
        }

        log.Append(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(line).Append('\n');
    }

    public string? Log(string ns, string pod) => _logs.TryGetValue($"{ns}/{pod}", out var log) ? log.ToString() : null;

    public JsonObject Put(string collection, string name, JsonObject item, string type)
    {
        item["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!_collections.TryGetValue(collection, out var items))
        {
            _collections[collection] = items = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        }

        items[name] = item;
        Notify(collection, type, item);
        return (JsonObject)item.DeepClone();
    }

    public bool Remove(string collection, string name)
    {
        if (!_collections.TryGetValue(collection, out var items) || !items.Remove(name, out var item))
        {
            return false;
        }

        Notify(collection, "DELETED", item);
        if (collection.EndsWith("/jobs", StringComparison.Ordinal))
        {
            // The garbage collector removes a deleted Job's pods (background propagation).
            var pods = collection[..^"/jobs".Length].Replace("/apis/batch/v1/", "/api/v1/", StringComparison.Ordinal) + "/pods";
            if (_collections.TryGetValue(pods, out var owned))
            {
                foreach (var (podName, pod) in owned.Where(p => p.Value["metadata"]?["labels"]?["job-name"]?.GetValue<string>() == name).ToList())
                {
                    Remove(pods, podName);
                }
            }
        }

        if (collection == "/api/v1/namespaces")
        {
            // Removing a namespace removes everything in it, as the namespace controller does.
            foreach (var key in _collections.Keys.Where(k => k.Contains($"/namespaces/{name}/", StringComparison.Ordinal)).ToList())
            {
                foreach (var child in _collections[key].Keys.ToList())
                {
                    Remove(key, child);
                }
            }
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
            item["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _history.Add((long.Parse(item["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), collection, type, (JsonObject)item.DeepClone()));
        foreach (var watcher in _watchers.ToList())
        {
            watcher(collection, type, (JsonObject)item.DeepClone());
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
