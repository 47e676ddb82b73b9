using System.Globalization;
using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// Server-side apply's field ownership, simplified: a field is a leaf path (a scalar, an empty map,
/// or a whole list: lists are atomic), and <c>metadata.managedFields</c> records which manager, by
/// Apply or by Update, last set each one. Apply merges the manager's configuration into the object,
/// removes the fields it applied before and no longer applies (unless another manager also owns
/// them), and conflicts when another manager owns a field with a different value, unless forced.
/// </summary>
internal static class FakeKubernetesManagedFields
{
    private static readonly HashSet<string> ServerOwnedMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation", "managedFields", "selfLink",
    };

    public sealed record Entry(string Manager, string Operation, string ApiVersion, string Time, HashSet<string> Fields);

    /// <summary>A conflict: the field and the manager that owns it with another value.</summary>
    public sealed record Conflict(string Manager, string Field);

    /// <summary>The leaf paths of an object that belong to its user (not apiVersion, kind, status or server-set metadata), as <c>.a.b</c>.</summary>
    public static HashSet<string> Leaves(JsonObject item)
    {
        var leaves = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in item)
        {
            if (key is "apiVersion" or "kind" or "status" || value is null)
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, inner) in metadata.Where(m => !ServerOwnedMetadata.Contains(m.Key) && m.Value is not null))
                {
                    Collect(inner!, $".metadata.{field}", leaves);
                }

                continue;
            }

            Collect(value, $".{key}", leaves);
        }

        return leaves;
    }

    public static List<Entry> Read(JsonObject? item) =>
        [.. (item?["metadata"]?["managedFields"]?.AsArray() ?? []).OfType<JsonObject>().Select(e => new Entry(
            e["manager"]!.GetValue<string>(),
            e["operation"]!.GetValue<string>(),
            e["apiVersion"]?.GetValue<string>() ?? "v1",
            e["time"]?.GetValue<string>() ?? "",
            FromFieldsV1(e["fieldsV1"] as JsonObject)))];

    /// <summary>Ownership after a create or update by <paramref name="manager"/>: it takes the fields it changed; removed fields leave every manager.</summary>
    public static JsonArray Updated(JsonObject? old, JsonObject item, string manager, string apiVersion, DateTimeOffset now)
    {
        var entries = Read(old);
        var before = old is null ? [] : Leaves(old);
        var after = Leaves(item);
        var changed = after.Where(p => old is null || !JsonNode.DeepEquals(At(old, p), At(item, p))).ToHashSet(StringComparer.Ordinal);
        var removed = before.Where(p => !after.Contains(p)).ToHashSet(StringComparer.Ordinal);
        var updated = new List<Entry>();
        foreach (var entry in entries)
        {
            var kept = entry.Fields.Where(f => !changed.Contains(f) && !removed.Contains(f)).ToHashSet(StringComparer.Ordinal);
            updated.Add(kept.SetEquals(entry.Fields) ? entry : entry with { Fields = kept });
        }

        if (changed.Count > 0)
        {
            var mine = updated.FindIndex(e => e.Manager == manager && e.Operation == "Update");
            var fields = mine < 0 ? changed : [.. updated[mine].Fields, .. changed];
            var entry = new Entry(manager, "Update", apiVersion, Stamp(now), fields);
            if (mine < 0)
            {
                updated.Add(entry);
            }
            else
            {
                updated[mine] = entry;
            }
        }

        return Write(updated);
    }

    /// <summary>Applies <paramref name="config"/> as <paramref name="manager"/> to <paramref name="current"/> (null: create); the conflicts are returned unless forced.</summary>
    public static (JsonObject? Result, IReadOnlyList<Conflict> Conflicts) Apply(JsonObject? current, JsonObject config, string manager, bool force, DateTimeOffset now)
    {
        var entries = Read(current);
        var applied = Leaves(config);
        var result = (JsonObject?)current?.DeepClone() ?? new JsonObject();
        var conflicts = new List<Conflict>();
        foreach (var other in entries.Where(e => !IsMine(e, manager)))
        {
            conflicts.AddRange(applied.Where(p => other.Fields.Contains(p) && !JsonNode.DeepEquals(At(result, p), At(config, p))).Select(p => new Conflict(other.Manager, p)));
        }

        if (conflicts.Count > 0 && !force)
        {
            return (null, conflicts);
        }

        var taken = conflicts.Select(c => c.Field).ToHashSet(StringComparer.Ordinal);
        var previous = entries.FirstOrDefault(e => IsMine(e, manager))?.Fields ?? [];
        var others = entries.Where(e => !IsMine(e, manager)).Select(e => e with { Fields = [.. e.Fields.Where(f => !taken.Contains(f))] }).ToList();
        foreach (var dropped in previous.Where(p => !applied.Contains(p) && !others.Any(o => o.Fields.Contains(p))))
        {
            Remove(result, dropped);
        }

        foreach (var path in applied)
        {
            Set(result, path, At(config, path)!.DeepClone());
        }

        var mine = entries.FirstOrDefault(e => IsMine(e, manager));
        var unchanged = mine is not null && mine.Fields.SetEquals(applied);
        others.Add(unchanged ? mine! : new Entry(manager, "Apply", config["apiVersion"]?.GetValue<string>() ?? "v1", Stamp(now), applied));
        result["metadata"] ??= new JsonObject();
        result["metadata"]!["managedFields"] = Write(others);
        return (result, []);
    }

    /// <summary>The value at a leaf path, or null.</summary>
    public static JsonNode? At(JsonObject item, string path)
    {
        JsonNode? node = item;
        foreach (var key in Split(path))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var next) ? next : null;
        }

        return node;
    }

    private static bool IsMine(Entry entry, string manager) => entry.Manager == manager && entry.Operation == "Apply";

    private static void Collect(JsonNode value, string path, HashSet<string> leaves)
    {
        if (value is JsonObject map && map.Count > 0)
        {
            foreach (var (key, inner) in map.Where(m => m.Value is not null))
            {
                Collect(inner!, $"{path}.{Escape(key)}", leaves);
            }

            return;
        }

        leaves.Add(path);
    }

    private static void Set(JsonObject item, string path, JsonNode value)
    {
        var keys = Split(path);
        var node = item;
        foreach (var key in keys[..^1])
        {
            node = node[key] as JsonObject ?? (JsonObject)(node[key] = new JsonObject());
        }

        node[keys[^1]] = value;
    }

    /// <summary>Removes a leaf and the maps it leaves empty.</summary>
    private static void Remove(JsonObject item, string path)
    {
        var keys = Split(path);
        var chain = new List<JsonObject> { item };
        foreach (var key in keys[..^1])
        {
            if (chain[^1][key] is not JsonObject next)
            {
                return;
            }

            chain.Add(next);
        }

        chain[^1].Remove(keys[^1]);
        for (var i = chain.Count - 1; i > 1 && chain[i].Count == 0; i--)
        {
            chain[i - 1].Remove(keys[i - 1]);
        }
    }

    // Keys may contain dots (label keys such as app.kubernetes.io/name): they are escaped in paths.
    private static string Escape(string key) => key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(".", "\\.", StringComparison.Ordinal);

    private static string[] Split(string path)
    {
        var keys = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 1; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 1 < path.Length)
            {
                current.Append(path[++i]);
            }
            else if (path[i] == '.')
            {
                keys.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(path[i]);
            }
        }

        keys.Add(current.ToString());
        return [.. keys];
    }

    private static JsonArray Write(IEnumerable<Entry> entries) =>
        new([.. entries.Where(e => e.Fields.Count > 0).Select(e => (JsonNode)new JsonObject
        {
            ["manager"] = e.Manager,
            ["operation"] = e.Operation,
            ["apiVersion"] = e.ApiVersion,
            ["time"] = e.Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = ToFieldsV1(e.Fields),
        })]);

    /// <summary>The API server's <c>fieldsV1</c> shape: nested <c>f:key</c> maps, a leaf is <c>{}</c>.</summary>
    private static JsonObject ToFieldsV1(IEnumerable<string> fields)
    {
        var root = new JsonObject();
        foreach (var field in fields.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var key in Split(field))
            {
                node = node[$"f:{key}"] as JsonObject ?? (JsonObject)(node[$"f:{key}"] = new JsonObject());
            }
        }

        return root;
    }

    private static HashSet<string> FromFieldsV1(JsonObject? fields)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonObject node, string path)
        {
            if (node.Count == 0)
            {
                set.Add(path);
                return;
            }

            foreach (var (key, value) in node)
            {
                Walk(value as JsonObject ?? [], $"{path}.{Escape(key[2..])}");
            }
        }

        if (fields is not null)
        {
            Walk(fields, "");
        }

        set.Remove("");
        return set;
    }

    private static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
