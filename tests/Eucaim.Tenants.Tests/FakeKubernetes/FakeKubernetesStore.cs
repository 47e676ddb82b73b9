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
    private long _resourceVersion = 1000;

    public object Sync { get; } = new();

    public long ResourceVersion => _resourceVersion;

    public JsonObject? Get(string collection, string name) =>
        _collections.TryGetValue(collection, out var items) && items.TryGetValue(name, out var item) ? (JsonObject)item.DeepClone() : null;

    public IReadOnlyList<JsonObject> List(string collection) =>
        _collections.TryGetValue(collection, out var items) ? [.. items.Values.Select(i => (JsonObject)i.DeepClone())] : [];

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
