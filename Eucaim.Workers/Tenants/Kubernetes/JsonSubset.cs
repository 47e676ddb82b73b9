using System.Text.Json.Nodes;

namespace Eucaim.Workers.Tenants.Kubernetes;

/// <summary>
/// Whether an object read from the API server still says everything the platform wants. Fields
/// the server adds (defaults, status, managed fields) are ignored, so an unchanged object is never
/// rewritten; a changed or missing field is drift.
/// </summary>
internal static class JsonSubset
{
    public static bool Contains(JsonNode? actual, JsonNode? desired) => (actual, desired) switch
    {
        (_, null) => true,
        (null, _) => false,
        (JsonObject a, JsonObject d) => d.All(p => a.TryGetPropertyValue(p.Key, out var value) ? Contains(value, p.Value) : p.Value is null),
        (JsonArray a, JsonArray d) => a.Count == d.Count && d.Select((item, i) => Contains(a[i], item)).All(x => x),
        (JsonValue a, JsonValue d) => a.ToJsonString() == d.ToJsonString(),
        _ => false,
    };
}
