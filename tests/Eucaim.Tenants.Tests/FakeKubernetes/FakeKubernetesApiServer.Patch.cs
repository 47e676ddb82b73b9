using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// PATCH: JSON merge patch (RFC 7386); strategic merge patch, handled as a merge patch (enough for the
/// maps and whole lists the platform patches; list merge keys and <c>$patch</c> directives are not
/// modelled); and server-side apply (<see cref="FakeKubernetesManagedFields"/>).
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    private const string ApplyPatch = "application/apply-patch+yaml";

    private FakeKubernetesResult Patch(Call call, string name)
    {
        var force = call.Query.GetValueOrDefault("force") is "true" or "1";
        if (call.MediaType == ApplyPatch)
        {
            return Apply(call, name, force);
        }

        if (call.MediaType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json"))
        {
            return KubeStatus.Failure(415,
                $"the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json, {ApplyPatch}");
        }

        if (force)
        {
            return KubeStatus.Invalid(call.Target, name, "force", "Invalid value: true: may not be specified for non-apply patch");
        }

        var current = Store.Get(call.Target.Collection, name);
        if (current is null)
        {
            return KubeStatus.NotFound(call.Target, name);
        }

        if (call.Body is null)
        {
            return KubeStatus.Failure(400, "the body of the request is empty");
        }

        if (call.Body["metadata"]?["resourceVersion"]?.GetValue<string>() is { } sent && sent != Version(current))
        {
            return KubeStatus.Conflict(call.Target, name);
        }

        var patched = (JsonObject)MergePatch(current, call.Body)!;
        return Commit(call, name, patched, current,
            (old, next) => FakeKubernetesManagedFields.Updated(old, next, call.Manager, call.Target.ApiVersion, Store.Time.GetUtcNow()));
    }

    private FakeKubernetesResult Apply(Call call, string name, bool force)
    {
        if (!call.Query.ContainsKey("fieldManager"))
        {
            return KubeStatus.Invalid(call.Target, name, "fieldManager", "Required value: is required for apply patch");
        }

        if (call.Body is null || call.Body["apiVersion"] is null || call.Body["kind"] is null)
        {
            return KubeStatus.Failure(400, "error decoding YAML: Object 'apiVersion' and 'Kind' must be set in an apply configuration");
        }

        if (call.Body["metadata"]?["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
        {
            return KubeStatus.Failure(400, $"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var current = Store.Get(call.Target.Collection, name);
        if (current is null && call.Target.Namespace is { } ns && Store.Get(Namespaces, ns) is null)
        {
            return KubeStatus.Failure(404, $"namespaces \"{ns}\" not found", details: new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
        }

        var config = (JsonObject)call.Body.DeepClone();
        config["metadata"]?.AsObject().Remove("managedFields");
        var (result, conflicts) = FakeKubernetesManagedFields.Apply(current, config, call.Manager, force, Store.Time.GetUtcNow());
        if (result is null)
        {
            var plural = conflicts.Count == 1 ? "conflict" : "conflicts";
            var fields = string.Join("", conflicts.Select(c => $"\n- conflict with \"{c.Manager}\": {c.Field}"));
            return KubeStatus.Failure(409, $"Apply failed with {conflicts.Count} {plural}:{fields}", "Conflict", new JsonObject
            {
                ["name"] = name,
                ["group"] = call.Target.Group,
                ["kind"] = call.Target.Plural,
                ["causes"] = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = "FieldManagerConflict",
                    ["message"] = $"conflict with \"{c.Manager}\"",
                    ["field"] = c.Field,
                })]),
            });
        }

        var managedFields = result["metadata"]!["managedFields"]!.DeepClone().AsArray();
        return Commit(call, name, result, current, (_, _) => managedFields);
    }

    /// <summary>RFC 7386: objects merge recursively, null removes, anything else replaces.</summary>
    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }

        return result;
    }
}
