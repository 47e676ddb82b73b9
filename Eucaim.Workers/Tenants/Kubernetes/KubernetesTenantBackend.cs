using System.Net;
using System.Text.Json.Nodes;
using Eucaim.Core.Tenants;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Workers.Tenants.Kubernetes;

/// <summary>
/// Tenants as Kubernetes namespaces. Reads each object and server-side applies what
/// <see cref="TenantManifests"/> renders when it is missing or no longer says that; an object that
/// matches is left alone, so a second reconcile writes nothing.
/// </summary>
public sealed class KubernetesTenantBackend(IKubernetes client, TenantManifests manifests) : ITenantBackend
{
    /// <summary>The field manager of the platform's server-side applies: it owns what <see cref="TenantManifests"/> renders.</summary>
    public const string FieldManager = "eucaim-tenants";

    public async Task<ProvisionOutcome> ApplyAsync(TenantSpec spec, CancellationToken cancellationToken)
    {
        var ns = TenantRules.Namespace(spec.Slug);
        var changed = new List<string>();
        var core = client.CoreV1;
        var net = client.NetworkingV1;

        await EnsureAsync(manifests.Namespace(spec), changed,
            ct => core.ReadNamespaceAsync(ns, cancellationToken: ct),
            (p, ct) => core.PatchNamespaceAsync(p, ns, fieldManager: FieldManager, force: true, cancellationToken: ct), cancellationToken);
        await EnsureAsync(manifests.Quota(spec), changed,
            ct => core.ReadNamespacedResourceQuotaAsync(TenantManifests.QuotaName, ns, cancellationToken: ct),
            (p, ct) => core.PatchNamespacedResourceQuotaAsync(p, TenantManifests.QuotaName, ns, fieldManager: FieldManager, force: true, cancellationToken: ct), cancellationToken);
        await EnsureAsync(manifests.LimitRange(spec), changed,
            ct => core.ReadNamespacedLimitRangeAsync(TenantManifests.LimitRangeName, ns, cancellationToken: ct),
            (p, ct) => core.PatchNamespacedLimitRangeAsync(p, TenantManifests.LimitRangeName, ns, fieldManager: FieldManager, force: true, cancellationToken: ct), cancellationToken);
        foreach (var policy in manifests.NetworkPolicies(spec))
        {
            var name = policy.Metadata.Name;
            await EnsureAsync(policy, changed,
                ct => net.ReadNamespacedNetworkPolicyAsync(name, ns, cancellationToken: ct),
                (p, ct) => net.PatchNamespacedNetworkPolicyAsync(p, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct), cancellationToken);
        }

        foreach (var retired in TenantManifests.RetiredNetworkPolicies)
        {
            await RemoveRetiredAsync(retired, ns, changed, cancellationToken);
        }

        await EnsureAsync(manifests.ServiceAccount(spec), changed,
            ct => core.ReadNamespacedServiceAccountAsync(TenantManifests.ServiceAccountName, ns, cancellationToken: ct),
            (p, ct) => core.PatchNamespacedServiceAccountAsync(p, TenantManifests.ServiceAccountName, ns, fieldManager: FieldManager, force: true, cancellationToken: ct), cancellationToken);
        // Last: the Workers' rights in the namespace; its roleRef is immutable, so only the subjects can be reconciled.
        var binding = manifests.RoleBinding(spec);
        var rbac = client.RbacAuthorizationV1;
        await EnsureAsync(binding, changed,
            ct => rbac.ReadNamespacedRoleBindingAsync(binding.Metadata.Name, ns, cancellationToken: ct),
            (p, ct) => rbac.PatchNamespacedRoleBindingAsync(p, binding.Metadata.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct), cancellationToken);
        return new ProvisionOutcome(changed);
    }

    public async Task<bool> RemoveAsync(string slug, CancellationToken cancellationToken)
    {
        var ns = TenantRules.Namespace(slug);
        try
        {
            // A terminating namespace is losing its content, the job RoleBinding included: from then on the
            // Workers may no longer touch its jobs (403), only watch the namespace itself disappear.
            var current = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken);
            if (current.Metadata?.DeletionTimestamp is not null)
            {
                return false;
            }

            // Jobs first, in the foreground, so their pods are gone before the namespace is.
            await client.BatchV1.DeleteCollectionNamespacedJobAsync(ns, propagationPolicy: "Foreground", cancellationToken: cancellationToken);
            var remaining = await client.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: cancellationToken);
            if (remaining.Items.Count > 0)
            {
                return false;
            }

            await client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: cancellationToken);
            // A namespace lingers in Terminating while its content is removed: gone only when reading it fails with 404.
            await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken);
            return false;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    /// <summary>
    /// Deletes a network policy this version no longer makes, once no job pod launched before it
    /// still depends on it (a pod made with DNS keeps resolving storage by name until it ends).
    /// </summary>
    private async Task RemoveRetiredAsync(string name, string ns, List<string> changed, CancellationToken cancellationToken)
    {
        try
        {
            await client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns, cancellationToken: cancellationToken);
            var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: Jobs.Kubernetes.KubernetesJobManifests.Selector, cancellationToken: cancellationToken);
            if (pods.Items.Any(p => p.Spec?.DnsPolicy != "None" && p.Status?.Phase is not ("Succeeded" or "Failed")))
            {
                return;
            }

            await client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(name, ns, cancellationToken: cancellationToken);
            changed.Add($"NetworkPolicy/{name} (removed)");
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>
    /// Reads the object and, only when it is missing or no longer says what the platform renders, applies the
    /// rendering (server-side apply, forced: the platform owns these fields). Apply creates a missing object and
    /// leaves alone what other field managers added (a label, an annotation, a defaulted field), where a
    /// replace would wipe it; applying from the start also makes a field the platform stops rendering go away.
    /// </summary>
    private static async Task EnsureAsync<T>(
        T desired,
        List<string> changed,
        Func<CancellationToken, Task<T>> read,
        Func<V1Patch, CancellationToken, Task<T>> apply,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var name = $"{desired.Kind}/{desired.Metadata.Name}";
        try
        {
            if (Matches(await read(cancellationToken), desired))
            {
                return;
            }
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Missing: the apply below creates it.
        }

        await apply(new V1Patch(desired, V1Patch.PatchType.ApplyPatch), cancellationToken);
        changed.Add(name);
    }

    private static bool Matches<T>(T actual, T desired)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var wanted = JsonNode.Parse(KubernetesJson.Serialize(desired))!.AsObject();
        var found = JsonNode.Parse(KubernetesJson.Serialize(actual))!.AsObject();
        // Only the labels of the metadata are the platform's; the rest (uid, versions, annotations) is the server's.
        wanted["metadata"] = new JsonObject { ["labels"] = wanted["metadata"]?["labels"]?.DeepClone() };
        return JsonSubset.Contains(found, wanted);
    }
}
