using System.Globalization;
using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>Reads, creates, replaces and deletes (with propagation and terminating namespaces), all through one write path with admission and dry run.</summary>
public sealed partial class FakeKubernetesApiServer
{
    private const string Namespaces = "/api/v1/namespaces";

    private FakeKubernetesResult List(Call call)
    {
        var items = call.Target.Namespace == "*" ? Store.ListWhere(call.Target.Covers) : Store.List(call.Target.Collection);
        return new FakeKubernetesResult(200, new JsonObject
        {
            ["apiVersion"] = call.Target.ApiVersion,
            ["kind"] = $"{call.Target.Kind}List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = Store.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items.Where(i => Target.MatchesSelector(call.Selector, i))]),
        });
    }

    private FakeKubernetesResult Get(Call call, string name) =>
        Store.Get(call.Target.Collection, name) is { } item ? new FakeKubernetesResult(200, item) : KubeStatus.NotFound(call.Target, name);

    private FakeKubernetesResult Create(Call call)
    {
        if (call.Body?["metadata"] is not JsonObject metadata)
        {
            return KubeStatus.Failure(422, $"{call.Target.Kind} \"\" is invalid: metadata.name: Required value: name or generateName is required");
        }

        var name = metadata["name"]?.GetValue<string>();
        if (name is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
        {
            name = prefix + Guid.NewGuid().ToString("N")[..5];
        }

        if (name is null)
        {
            return KubeStatus.Invalid(call.Target, "", "metadata.name", "Required value: name or generateName is required");
        }

        if (call.Target.Namespace is { } ns && Store.Get(Namespaces, ns) is null)
        {
            return KubeStatus.Failure(404, $"namespaces \"{ns}\" not found", details: new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
        }

        if (Store.Get(call.Target.Collection, name) is not null)
        {
            return KubeStatus.Failure(409, $"{call.Target.Resource} \"{name}\" already exists", "AlreadyExists",
                new JsonObject { ["name"] = name, ["group"] = call.Target.Group, ["kind"] = call.Target.Plural });
        }

        var item = (JsonObject)call.Body.DeepClone();
        item["metadata"]!["managedFields"] = null;
        return Commit(call, name, item, old: null, (old, next) => FakeKubernetesManagedFields.Updated(old, next, call.Manager, call.Target.ApiVersion, Store.Time.GetUtcNow()));
    }

    private FakeKubernetesResult Replace(Call call, string name)
    {
        if (call.Body is null)
        {
            return KubeStatus.Failure(400, "the body of the request is empty");
        }

        if (call.Body["metadata"]?["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
        {
            return KubeStatus.Failure(400, $"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var current = Store.Get(call.Target.Collection, name);
        if (current is null)
        {
            return KubeStatus.NotFound(call.Target, name);
        }

        var sent = call.Body["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (sent is not null && sent != Version(current))
        {
            return KubeStatus.Conflict(call.Target, name);
        }

        return Commit(call, name, (JsonObject)call.Body.DeepClone(), current,
            (old, next) => FakeKubernetesManagedFields.Updated(old, next, call.Manager, call.Target.ApiVersion, Store.Time.GetUtcNow()));
    }

    /// <summary>
    /// The one write path: server-set metadata, status kept from the stored object (it is a subresource),
    /// admission, managed fields, then nothing at all for a dry run or for a write that changes nothing
    /// (the real server skips those too: no new resourceVersion, no event).
    /// </summary>
    private FakeKubernetesResult Commit(Call call, string name, JsonObject item, JsonObject? old, Func<JsonObject?, JsonObject, JsonArray> managedFields)
    {
        var target = call.Target;
        var metadata = item["metadata"] as JsonObject ?? (JsonObject)(item["metadata"] = new JsonObject());
        metadata["name"] = name;
        metadata.Remove("generateName");
        if (target.Namespace is not null)
        {
            metadata["namespace"] = target.Namespace;
        }

        if (old is null)
        {
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Store.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            metadata.Remove("resourceVersion");
        }
        else
        {
            foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "resourceVersion" })
            {
                metadata[key] = old["metadata"]?[key]?.DeepClone();
            }

            item["status"] = old["status"]?.DeepClone();
        }

        item["apiVersion"] = target.ApiVersion;
        item["kind"] = target.Kind;
        RemoveNulls(item);
        var (refusal, warning) = _admission.Admit(old is null ? "CREATE" : "UPDATE", target, name, item, old);
        if (refusal is { } refused)
        {
            return refused;
        }

        metadata["managedFields"] = managedFields(old, item);
        if (old is not null && JsonNode.DeepEquals(old, item))
        {
            return new FakeKubernetesResult(200, old, warning);
        }

        if (call.DryRun is not null)
        {
            return new FakeKubernetesResult(old is null ? 201 : 200, item, warning);
        }

        return new FakeKubernetesResult(old is null ? 201 : 200, Store.Put(target.Collection, name, item, old is null ? "ADDED" : "MODIFIED"), warning);
    }

    private FakeKubernetesResult Delete(Call call, string name)
    {
        var current = Store.Get(call.Target.Collection, name);
        if (current is null)
        {
            return KubeStatus.NotFound(call.Target, name);
        }

        if (call.Target.Plural == "namespaces")
        {
            return DeleteNamespace(call, name, current);
        }

        var policy = call.Query.GetValueOrDefault("propagationPolicy") ?? call.Body?["propagationPolicy"]?.GetValue<string>();
        string? warning = null;
        if (policy is null && call.Target.Plural == "jobs")
        {
            // batch/v1 Jobs orphan their pods unless told otherwise, and the server says so.
            policy = "Orphan";
            warning = "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning";
        }

        if (call.DryRun is null)
        {
            Remove(call.Target.Collection, name, current, policy ?? "Background");
        }

        return new FakeKubernetesResult(200, KubeStatus.Success(), warning);
    }

    private FakeKubernetesResult DeleteCollection(Call call)
    {
        foreach (var item in Store.List(call.Target.Collection).Where(i => Target.MatchesSelector(call.Selector, i)))
        {
            var result = Delete(call, item["metadata"]!["name"]!.GetValue<string>());
            if (!result.Succeeded)
            {
                return result;
            }
        }

        return new FakeKubernetesResult(200, KubeStatus.Success());
    }

    /// <summary>
    /// Deletes with the garbage collector's propagation: Orphan leaves the dependents without their owner,
    /// Background removes the owner and then its dependents, Foreground marks the owner deleted
    /// (<c>foregroundDeletion</c> finalizer) until its dependents are gone.
    /// </summary>
    private void Remove(string collection, string name, JsonObject item, string policy)
    {
        var uid = item["metadata"]!["uid"]?.GetValue<string>();
        var ns = item["metadata"]!["namespace"]?.GetValue<string>();
        var dependents = uid is null || ns is null ? [] : Dependents(ns, uid);
        if (policy == "Foreground" && dependents.Count > 0)
        {
            item["metadata"]!["deletionTimestamp"] = Store.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            item["metadata"]!["finalizers"] = new JsonArray("foregroundDeletion");
            Store.Put(collection, name, item, "MODIFIED");
        }

        if (policy == "Orphan")
        {
            Store.Remove(collection, name);
            foreach (var (dependentCollection, dependent) in dependents)
            {
                var owners = dependent["metadata"]!["ownerReferences"]!.AsArray();
                foreach (var owner in owners.Where(o => o?["uid"]?.GetValue<string>() == uid).ToList())
                {
                    owners.Remove(owner);
                }

                Store.Put(dependentCollection, dependent["metadata"]!["name"]!.GetValue<string>(), dependent, "MODIFIED");
            }

            return;
        }

        if (policy == "Background")
        {
            Store.Remove(collection, name);
        }

        foreach (var (dependentCollection, dependent) in dependents)
        {
            Remove(dependentCollection, dependent["metadata"]!["name"]!.GetValue<string>(), dependent, "Background");
        }

        if (policy == "Foreground")
        {
            Store.Remove(collection, name);
        }
    }

    private List<(string Collection, JsonObject Item)> Dependents(string ns, string uid) =>
        [.. Store.CollectionsIn(ns).SelectMany(c => Store.List(c).Select(i => (c, i)))
            .Where(d => d.i["metadata"]?["ownerReferences"]?.AsArray().Any(o => o?["uid"]?.GetValue<string>() == uid) == true)];

    /// <summary>A namespace goes Terminating; the namespace controller then removes its content and the namespace itself.</summary>
    private FakeKubernetesResult DeleteNamespace(Call call, string name, JsonObject current)
    {
        if (current["metadata"]?["deletionTimestamp"] is not null)
        {
            return KubeStatus.Failure(409,
                $"Operation cannot be fulfilled on namespaces \"{name}\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.");
        }

        current["metadata"]!["deletionTimestamp"] = Store.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        current["status"] = new JsonObject { ["phase"] = "Terminating" };
        if (call.DryRun is not null)
        {
            return new FakeKubernetesResult(200, current);
        }

        var terminating = Store.Put(Namespaces, name, current, "MODIFIED");
        if (!HoldTerminatingNamespaces)
        {
            Purge(name);
        }

        return new FakeKubernetesResult(200, terminating);
    }

    private void Purge(string ns)
    {
        foreach (var collection in Store.CollectionsIn(ns))
        {
            foreach (var item in Store.List(collection))
            {
                if (Store.Get(collection, item["metadata"]!["name"]!.GetValue<string>()) is { } still)
                {
                    Remove(collection, still["metadata"]!["name"]!.GetValue<string>(), still, "Background");
                }
            }
        }

        Store.Remove(Namespaces, ns);
    }

    private static string Version(JsonObject item) => item["metadata"]!["resourceVersion"]!.GetValue<string>();

    private static void RemoveNulls(JsonObject node)
    {
        foreach (var (key, value) in node.ToList())
        {
            if (value is null)
            {
                node.Remove(key);
            }
            else if (value is JsonObject inner)
            {
                RemoveNulls(inner);
            }
        }
    }
}
