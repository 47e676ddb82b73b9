using Eucaim.Core.Tenants;
using k8s;
using k8s.Models;

namespace Eucaim.Workers.Tenants.Kubernetes;

/// <summary>
/// Every Kubernetes object a tenant consists of, rendered from its spec: the namespace under Pod
/// Security "restricted", the quota, container defaults, default-deny network policies with
/// allows for DNS and storage only, the jobs' service account without a token, and the one
/// RoleBinding that lets the Workers (not the tenant: researchers never get cluster credentials)
/// run jobs here: the ClusterRole <c>eucaim-tenant-jobs</c> (deploy/base/rbac) bound to the
/// Workers' service account in this namespace only, so the Workers can launch jobs in tenant
/// namespaces and nowhere else.
/// </summary>
public sealed class TenantManifests(KubernetesBackendOptions options)
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "eucaim";
    public const string TenantLabel = "eucaim.eu/tenant";
    public const string QuotaName = "tenant-quota";
    public const string LimitRangeName = "tenant-defaults";
    public const string DefaultDenyName = "default-deny";
    public const string AllowDnsName = "allow-dns";
    public const string AllowStorageName = "allow-storage";
    public const string ServiceAccountName = "tenant-jobs";

    public V1Namespace Namespace(TenantSpec spec)
    {
        var labels = Labels(spec.Slug);
        foreach (var mode in new[] { "enforce", "audit", "warn" })
        {
            labels[$"pod-security.kubernetes.io/{mode}"] = "restricted";
            labels[$"pod-security.kubernetes.io/{mode}-version"] = options.PodSecurityVersion;
        }

        return new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = TenantRules.Namespace(spec.Slug), Labels = labels } };
    }

    public V1ResourceQuota Quota(TenantSpec spec)
    {
        var quota = spec.EffectiveQuota;
        return new V1ResourceQuota
        {
            ApiVersion = "v1",
            Kind = "ResourceQuota",
            Metadata = Meta(spec, QuotaName),
            Spec = new V1ResourceQuotaSpec
            {
                Hard = new Dictionary<string, ResourceQuantity>
                {
                    // Extended resources such as GPUs can only be limited through their requests.
                    ["requests.nvidia.com/gpu"] = new($"{quota.Gpus}"),
                    ["requests.cpu"] = new($"{quota.CpuCores}"),
                    ["limits.memory"] = new($"{quota.MemoryGib}Gi"),
                    // One pod per job: the pod count caps concurrent jobs even if a Job misbehaves.
                    ["pods"] = new($"{quota.ConcurrentJobs}"),
                    ["count/jobs.batch"] = new($"{quota.ConcurrentJobs}"),
                },
            },
        };
    }

    public V1LimitRange LimitRange(TenantSpec spec) => new()
    {
        ApiVersion = "v1",
        Kind = "LimitRange",
        Metadata = Meta(spec, LimitRangeName),
        Spec = new V1LimitRangeSpec
        {
            Limits =
            [
                new V1LimitRangeItem
                {
                    Type = "Container",
                    DefaultProperty = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(options.DefaultCpu), ["memory"] = new(options.DefaultMemory) },
                    DefaultRequest = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(options.DefaultCpu), ["memory"] = new(options.DefaultMemory) },
                },
            ],
        },
    };

    public V1NetworkPolicy DefaultDeny(TenantSpec spec) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = Meta(spec, DefaultDenyName),
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] },
    };

    public V1NetworkPolicy AllowDns(TenantSpec spec)
    {
        var (key, value) = Split(options.DnsPodLabel);
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = Meta(spec, AllowDnsName),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                PolicyTypes = ["Egress"],
                Egress =
                [
                    new V1NetworkPolicyEgressRule
                    {
                        To =
                        [
                            new V1NetworkPolicyPeer
                            {
                                NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = options.DnsNamespace } },
                                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [key] = value } },
                            },
                        ],
                        Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
                    },
                ],
            },
        };
    }

    public V1NetworkPolicy AllowStorage(TenantSpec spec) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = Meta(spec, AllowStorageName),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Egress"],
            Egress =
            [
                new V1NetworkPolicyEgressRule
                {
                    To = [.. options.StorageCidrs.Select(cidr => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr } })],
                    Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = options.StoragePort }],
                },
            ],
        },
    };

    public V1ServiceAccount ServiceAccount(TenantSpec spec) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Meta(spec, ServiceAccountName),
        AutomountServiceAccountToken = false,
    };

    /// <summary>
    /// Grants the Workers the job backend's rights in this namespace. Kubernetes lets the Workers create
    /// it only because their cluster role holds <c>bind</c> on exactly this ClusterRole.
    /// </summary>
    public V1RoleBinding RoleBinding(TenantSpec spec) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = Meta(spec, options.JobsRoleBinding),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = options.JobsClusterRole },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = options.WorkersServiceAccount, NamespaceProperty = options.PlatformNamespace }],
    };

    /// <summary>All objects, namespace first (the others live in it).</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> All(TenantSpec spec) =>
        [Namespace(spec), Quota(spec), LimitRange(spec), DefaultDeny(spec), AllowDns(spec), AllowStorage(spec), ServiceAccount(spec), RoleBinding(spec)];

    /// <summary>The objects as one multi-document YAML stream, the way <c>kubectl apply -f</c> reads them.</summary>
    public string ToYaml(TenantSpec spec) =>
        string.Join("---\n", All(spec).Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    private static Dictionary<string, string> Labels(string slug) => new() { [ManagedByLabel] = ManagedBy, [TenantLabel] = slug };

    private static V1ObjectMeta Meta(TenantSpec spec, string name) =>
        new() { Name = name, NamespaceProperty = TenantRules.Namespace(spec.Slug), Labels = Labels(spec.Slug) };

    private static (string Key, string Value) Split(string label)
    {
        var at = label.IndexOf('=', StringComparison.Ordinal);
        return (label[..at], label[(at + 1)..]);
    }
}
