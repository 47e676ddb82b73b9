using System.Net;
using System.Text.Json.Nodes;
using Eucaim.Core.Tenants;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Workers.Tenants.Kubernetes;

/// <summary>
/// Tenants as Kubernetes namespaces. Reads each object, creates it when missing and replaces it
/// when it no longer says what <see cref="TenantManifests"/> renders; an object that matches is
/// left alone, so a second reconcile writes nothing.
/// </summary>
public sealed class KubernetesTenantBackend(IKubernetes client, TenantManifests manifests) : ITenantBackend
{
    public async Task<ProvisionOutcome> ApplyAsync(TenantSpec spec, CancellationToken cancellationToken)
    {
        var ns = TenantRules.Namespace(spec.Slug);
        var changed = new List<string>();
        var core = client.CoreV1;
        var net = client.NetworkingV1;

        await EnsureAsync(manifests.Namespace(spec), changed,
            ct => core.ReadNamespaceAsync(ns, cancellationToken: ct),
            (o, ct) => core.CreateNamespaceAsync(o, cancellationToken: ct),
            (o, ct) => core.ReplaceNamespaceAsync(o, ns, cancellationToken: ct), cancellationToken);
        await EnsureAsync(manifests.Quota(spec), changed,
            ct => core.ReadNamespacedResourceQuotaAsync(TenantManifests.QuotaName, ns, cancellationToken: ct),
            (o, ct) => core.CreateNamespacedResourceQuotaAsync(o, ns, cancellationToken: ct),
            (o, ct) => core.ReplaceNamespacedResourceQuotaAsync(o, TenantManifests.QuotaName, ns, cancellationToken: ct), cancellationToken);
        await EnsureAsync(manifests.LimitRange(spec), changed,
            ct => core.ReadNamespacedLimitRangeAsync(TenantManifests.LimitRangeName, ns, cancellationToken: ct),
            (o, ct) => core.CreateNamespacedLimitRangeAsync(o, ns, cancellationToken: ct),
            (o, ct) => core.ReplaceNamespacedLimitRangeAsync(o, TenantManifests.LimitRangeName, ns, cancellationToken: ct), cancellationToken);
        foreach (var policy in new[] { manifests.DefaultDeny(spec), manifests.AllowDns(spec), manifests.AllowStorage(spec) })
        {
            var name = policy.Metadata.Name;
            await EnsureAsync(policy, changed,
                ct => net.ReadNamespacedNetworkPolicyAsync(name, ns, cancellationToken: ct),
                (o, ct) => net.CreateNamespacedNetworkPolicyAsync(o, ns, cancellationToken: ct),
                (o, ct) => net.ReplaceNamespacedNetworkPolicyAsync(o, name, ns, cancellationToken: ct), cancellationToken);
        }

        await EnsureAsync(manifests.ServiceAccount(spec), changed,
            ct => core.ReadNamespacedServiceAccountAsync(TenantManifests.ServiceAccountName, ns, cancellationToken: ct),
            (o, ct) => core.CreateNamespacedServiceAccountAsync(o, ns, cancellationToken: ct),
            (o, ct) => core.ReplaceNamespacedServiceAccountAsync(o, TenantManifests.ServiceAccountName, ns, cancellationToken: ct), cancellationToken);
        // Last: the Workers' rights in the namespace; its roleRef is immutable, so only the subjects can be reconciled.
        var binding = manifests.RoleBinding(spec);
        var rbac = client.RbacAuthorizationV1;
        await EnsureAsync(binding, changed,
            ct => rbac.ReadNamespacedRoleBindingAsync(binding.Metadata.Name, ns, cancellationToken: ct),
            (o, ct) => rbac.CreateNamespacedRoleBindingAsync(o, ns, cancellationToken: ct),
            (o, ct) => rbac.ReplaceNamespacedRoleBindingAsync(o, binding.Metadata.Name, ns, cancellationToken: ct), cancellationToken);
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

    private static async Task EnsureAsync<T>(
        T desired,
        List<string> changed,
        Func<CancellationToken, Task<T>> read,
        Func<T, CancellationToken, Task<T>> create,
        Func<T, CancellationToken, Task<T>> replace,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var name = $"{desired.Kind}/{desired.Metadata.Name}";
        T actual;
        try
        {
            actual = await read(cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await create(desired, cancellationToken);
            changed.Add(name);
            return;
        }

        if (Matches(actual, desired))
        {
            return;
        }

        // Replace with the version read: if someone changed it meanwhile the server answers 409 and the next reconcile retries.
        desired.Metadata.ResourceVersion = actual.Metadata.ResourceVersion;
        await replace(desired, cancellationToken);
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
