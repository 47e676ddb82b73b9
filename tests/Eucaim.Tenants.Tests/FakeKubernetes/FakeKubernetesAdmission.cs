using System.Text;
using System.Text.Json.Nodes;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// What the real API server does to a write between decoding it and storing it, in its order:
/// namespace lifecycle (no new content in a terminating namespace), LimitRange defaults, validation
/// (Secret size, immutable roleRef), Pod Security "restricted" for namespaces that enforce it,
/// ResourceQuota, and etcd's object size limit. Each check only bites when the objects ask for it
/// (a namespace label, a quota, a LimitRange), so a bare namespace admits anything, as before.
/// </summary>
internal sealed class FakeKubernetesAdmission(FakeKubernetesStore store)
{
    /// <summary>etcd's default request limit (the API server answers 413 above it).</summary>
    public const int MaxObjectBytes = 1536 * 1024;

    /// <summary>The API server's limit on a Secret's data (<c>MaxSecretSize</c>).</summary>
    public const int MaxSecretBytes = 1024 * 1024;

    private const string Restricted = "restricted";

    /// <summary>Admits (and for pods, defaults) <paramref name="item"/>, or answers the refusal; a warning is returned beside an admission.</summary>
    public (FakeKubernetesResult? Refusal, string? Warning) Admit(string operation, Target target, string name, JsonObject item, JsonObject? old)
    {
        var ns = target.Namespace is null ? null : store.Get("/api/v1/namespaces", target.Namespace);
        if (operation == "CREATE" && ns?["metadata"]?["deletionTimestamp"] is not null)
        {
            var why = $"unable to create new content in namespace {target.Namespace} because it is being terminated";
            var refusal = KubeStatus.Forbidden(target, name, why);
            refusal.Body["details"]!["causes"] = new JsonArray(new JsonObject { ["reason"] = "NamespaceTerminating", ["message"] = why, ["field"] = "metadata.namespace" });
            return (refusal, null);
        }

        if (operation == "CREATE" && target.Plural == "pods" && target.Namespace is { } podNamespace)
        {
            FakeKubernetesPodResources.ApplyDefaults(item, store.List($"/api/v1/namespaces/{podNamespace}/limitranges"));
        }

        if (Validate(target, name, item, old) is { } invalid)
        {
            return (invalid, null);
        }

        string? warning = null;
        var labels = ns?["metadata"]?["labels"] as JsonObject;
        if (target.Plural == "pods" && operation == "CREATE" && labels?["pod-security.kubernetes.io/enforce"]?.GetValue<string>() == Restricted
            && PodSecurityViolations(item["spec"]) is { Length: > 0 } violations)
        {
            return (KubeStatus.Forbidden(target, name, $"violates PodSecurity \"restricted:latest\": {violations}"), null);
        }

        // Workload templates are only warned about; the Job controller's pods meet the enforcement.
        if (target.Plural == "jobs" && labels?["pod-security.kubernetes.io/warn"]?.GetValue<string>() == Restricted
            && PodSecurityViolations(item["spec"]?["template"]?["spec"]) is { Length: > 0 } templateViolations)
        {
            warning = $"would violate PodSecurity \"restricted:latest\": {templateViolations}";
        }

        if (operation == "CREATE" && target.Namespace is { } quotaNamespace && Quota(target, name, quotaNamespace, item) is { } exceeded)
        {
            return (exceeded, null);
        }

        if (Encoding.UTF8.GetByteCount(item.ToJsonString()) > MaxObjectBytes)
        {
            return (KubeStatus.Failure(413, "etcdserver: request is too large"), null);
        }

        return (null, warning);
    }

    /// <summary>The namespace's current usage under every key its quotas limit (what the quota controller writes to <c>status.used</c>).</summary>
    public Dictionary<string, decimal> Usage(string ns)
    {
        var usage = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var pod in store.List($"/api/v1/namespaces/{ns}/pods").Where(p => !FakeKubernetesPodResources.IsTerminal(p)))
        {
            foreach (var (key, value) in FakeKubernetesPodResources.Usage(pod))
            {
                usage[key] = usage.GetValueOrDefault(key) + value;
            }
        }

        foreach (var collection in store.CollectionsIn(ns))
        {
            if (Target.TryParse(collection, out var counted))
            {
                usage[$"count/{counted.Resource}"] = store.List(collection).Count;
            }
        }

        return usage;
    }

    /// <summary>Brings each quota's <c>status</c> in the namespace up to date, writing only what changed.</summary>
    public void RefreshQuotaStatus(string ns)
    {
        var collection = $"/api/v1/namespaces/{ns}/resourcequotas";
        var quotas = store.List(collection);
        if (quotas.Count == 0)
        {
            return;
        }

        var usage = Usage(ns);
        foreach (var quota in quotas)
        {
            var hard = quota["spec"]?["hard"] as JsonObject ?? [];
            var used = new JsonObject();
            foreach (var (key, _) in hard)
            {
                used[key] = FakeKubernetesQuantity.Format(key, usage.GetValueOrDefault(key));
            }

            var status = new JsonObject { ["hard"] = hard.DeepClone(), ["used"] = used };
            if (!JsonNode.DeepEquals(quota["status"], status))
            {
                quota["status"] = status;
                store.Put(collection, quota["metadata"]!["name"]!.GetValue<string>(), quota, "MODIFIED");
            }
        }
    }

    private static FakeKubernetesResult? Validate(Target target, string name, JsonObject item, JsonObject? old)
    {
        if (target.Plural == "secrets")
        {
            var size = 0L;
            foreach (var section in new[] { "data", "stringData" })
            {
                foreach (var (key, value) in item[section]?.AsObject() ?? [])
                {
                    var text = value?.GetValue<string>() ?? "";
                    size += Encoding.UTF8.GetByteCount(key) + (section == "data" ? Convert.FromBase64String(text).Length : Encoding.UTF8.GetByteCount(text));
                }
            }

            if (size > MaxSecretBytes)
            {
                return KubeStatus.Invalid(target, name, "data", $"Too long: must have at most {MaxSecretBytes} bytes");
            }
        }

        if (target.Plural == "rolebindings" && old is not null && !JsonNode.DeepEquals(old["roleRef"], item["roleRef"]))
        {
            return KubeStatus.Invalid(target, name, "roleRef", $"Invalid value: {item["roleRef"]?.ToJsonString()}: cannot change roleRef");
        }

        return null;
    }

    /// <summary>
    /// The Pod Security Standard "restricted" checks of <see cref="RestrictedPodSecurity"/>, without the two
    /// rules that are the platform's own (read-only root filesystem, no service-account token): the cluster does not enforce those.
    /// </summary>
    private static string PodSecurityViolations(JsonNode? spec)
    {
        if (spec is null)
        {
            return "";
        }

        var pod = KubernetesJson.Deserialize<V1PodSpec>(spec.ToJsonString());
        return string.Join(", ", RestrictedPodSecurity.Violations(pod)
            .Where(v => !v.Contains("(platform rule)", StringComparison.Ordinal) && !v.StartsWith("automountServiceAccountToken", StringComparison.Ordinal)));
    }

    private FakeKubernetesResult? Quota(Target target, string name, string ns, JsonObject item)
    {
        var quotas = store.List($"/api/v1/namespaces/{ns}/resourcequotas");
        if (quotas.Count == 0)
        {
            return null;
        }

        var requested = target.Plural == "pods" ? FakeKubernetesPodResources.Usage(item) : new Dictionary<string, decimal>(StringComparer.Ordinal);
        requested[$"count/{target.Resource}"] = 1;
        var used = Usage(ns);
        foreach (var quota in quotas)
        {
            var quotaName = quota["metadata"]!["name"]!.GetValue<string>();
            var hard = (quota["spec"]?["hard"] as JsonObject ?? []).ToDictionary(h => h.Key, h => FakeKubernetesQuantity.Parse(h.Value!.ToString()), StringComparer.Ordinal);
            if (target.Plural == "pods" && FakeKubernetesPodResources.Missing(item, hard.Keys) is { Count: > 0 } missing)
            {
                var must = string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
                return KubeStatus.Forbidden(target, name, $"failed quota: {quotaName}: must specify {must}");
            }

            var exceeded = hard.Keys
                .Where(k => requested.ContainsKey(k) && used.GetValueOrDefault(k) + requested[k] > hard[k])
                .Order(StringComparer.Ordinal)
                .ToList();
            if (exceeded.Count > 0)
            {
                string List(Func<string, decimal> value) => string.Join(",", exceeded.Select(k => $"{k}={FakeKubernetesQuantity.Format(k, value(k))}"));
                return KubeStatus.Forbidden(target, name,
                    $"exceeded quota: {quotaName}, requested: {List(k => requested[k])}, used: {List(k => used.GetValueOrDefault(k))}, limited: {List(k => hard[k])}");
            }
        }

        return null;
    }
}
