using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// What a pod counts against a ResourceQuota, computed as Kubernetes does: per resource,
/// max(sum of regular containers + sum of native sidecars, max over each ordinary init container of
/// (itself + the sidecars declared before it)), for requests and limits alike. Before that the
/// namespace's LimitRange defaults fill missing requests and limits, and a request defaults to its limit.
/// </summary>
internal static class FakeKubernetesPodResources
{
    /// <summary>Resources whose quota requires every container to state them (the quota admission's "must specify").</summary>
    public static readonly string[] MustSpecify = ["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

    private static readonly string[] Sections = ["initContainers", "containers"];

    /// <summary>Fills each container's missing requests and limits from the LimitRanges, as the LimitRanger admission does.</summary>
    public static void ApplyDefaults(JsonObject pod, IEnumerable<JsonObject> limitRanges)
    {
        var defaults = limitRanges
            .SelectMany(l => l["spec"]?["limits"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(l => l["type"]?.GetValue<string>() == "Container")
            .ToList();
        foreach (var container in Containers(pod))
        {
            var resources = container["resources"] as JsonObject ?? (JsonObject)(container["resources"] = new JsonObject());
            var limits = resources["limits"] as JsonObject ?? (JsonObject)(resources["limits"] = new JsonObject());
            var requests = resources["requests"] as JsonObject ?? (JsonObject)(resources["requests"] = new JsonObject());
            foreach (var (name, value) in limits)
            {
                requests[name] ??= value?.DeepClone();
            }

            foreach (var limit in defaults)
            {
                foreach (var (name, value) in limit["default"]?.AsObject() ?? [])
                {
                    limits[name] ??= value?.DeepClone();
                }

                foreach (var (name, value) in limit["defaultRequest"]?.AsObject() ?? [])
                {
                    requests[name] ??= value?.DeepClone();
                }
            }
        }
    }

    /// <summary>The pod's usage under the quota keys: <c>pods</c>, <c>requests.X</c> (and plain <c>cpu</c>, <c>memory</c>, <c>ephemeral-storage</c>), <c>limits.X</c>.</summary>
    public static Dictionary<string, decimal> Usage(JsonObject pod)
    {
        var usage = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["pods"] = 1, ["count/pods"] = 1 };
        foreach (var kind in new[] { "requests", "limits" })
        {
            foreach (var (resource, value) in Effective(pod, kind))
            {
                usage[$"{kind}.{resource}"] = value;
                if (kind == "requests" && resource is "cpu" or "memory" or "ephemeral-storage")
                {
                    usage[resource] = value;
                }
            }
        }

        return usage;
    }

    /// <summary>Containers (init and regular) that state nothing for a resource a quota requires, by resource.</summary>
    public static SortedDictionary<string, SortedSet<string>> Missing(JsonObject pod, IEnumerable<string> required)
    {
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var key in required.Intersect(MustSpecify))
        {
            var (kind, resource) = key.Contains('.', StringComparison.Ordinal) ? (key[..key.IndexOf('.', StringComparison.Ordinal)], key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]) : ("requests", key);
            foreach (var container in Containers(pod).Where(c => c["resources"]?[kind]?[resource] is null))
            {
                (missing.TryGetValue(key, out var names) ? names : missing[key] = new SortedSet<string>(StringComparer.Ordinal)).Add(container["name"]!.GetValue<string>());
            }
        }

        return missing;
    }

    public static bool IsTerminal(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed";

    private static Dictionary<string, decimal> Effective(JsonObject pod, string kind)
    {
        var spec = pod["spec"];
        var regular = Sum((spec?["containers"]?.AsArray() ?? []).OfType<JsonObject>(), kind);
        var sidecars = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var initPeak = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var init in (spec?["initContainers"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            var own = Sum([init], kind);
            if (init["restartPolicy"]?.GetValue<string>() == "Always")
            {
                Add(sidecars, own);
                continue;
            }

            // An ordinary init container runs beside the sidecars started before it.
            var running = new Dictionary<string, decimal>(sidecars, StringComparer.Ordinal);
            Add(running, own);
            foreach (var (resource, value) in running)
            {
                initPeak[resource] = Math.Max(initPeak.GetValueOrDefault(resource), value);
            }
        }

        Add(regular, sidecars);
        foreach (var (resource, value) in initPeak)
        {
            regular[resource] = Math.Max(regular.GetValueOrDefault(resource), value);
        }

        return regular;
    }

    private static Dictionary<string, decimal> Sum(IEnumerable<JsonObject> containers, string kind)
    {
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            foreach (var (resource, value) in container["resources"]?[kind]?.AsObject() ?? [])
            {
                total[resource] = total.GetValueOrDefault(resource) + FakeKubernetesQuantity.Parse(value!.ToString());
            }
        }

        return total;
    }

    private static void Add(Dictionary<string, decimal> into, Dictionary<string, decimal> more)
    {
        foreach (var (resource, value) in more)
        {
            into[resource] = into.GetValueOrDefault(resource) + value;
        }
    }

    private static IEnumerable<JsonObject> Containers(JsonObject pod) =>
        Sections.SelectMany(s => pod["spec"]?[s]?.AsArray() ?? []).OfType<JsonObject>();
}
