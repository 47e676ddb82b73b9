using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using k8s;
using k8s.Models;

namespace Eucaim.Workers.Tenants.Kubernetes;

/// <summary>
/// Every Kubernetes object a tenant consists of, rendered from its spec: the namespace under Pod
/// Security "restricted", the quota (the tenant's, plus the helper containers' share of each
/// concurrent job: <see cref="PodBudget"/>), container defaults, default-deny network policies with
/// egress allowed to the storage endpoint and the platform's staging endpoint only (no DNS), the
/// jobs' service account without a token, and the one
/// RoleBinding that lets the Workers (not the tenant: researchers never get cluster credentials)
/// run jobs here: the ClusterRole <c>eucaim-tenant-jobs</c> (deploy/base/rbac) bound to the
/// Workers' service account in this namespace only, so the Workers can launch jobs in tenant
/// namespaces and nowhere else.
/// </summary>
public sealed class TenantManifests(KubernetesBackendOptions options, PodBudget budget)
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "eucaim";
    public const string TenantLabel = "eucaim.eu/tenant";
    public const string QuotaName = "tenant-quota";
    public const string LimitRangeName = "tenant-defaults";
    public const string DefaultDenyName = "default-deny";
    public const string AllowStorageName = "allow-storage";
    public const string AllowStagingName = "allow-staging";
    public const string ServiceAccountName = "tenant-jobs";

    /// <summary>Network policies earlier versions made and this one removes: <c>allow-dns</c> opened DNS to the job container.</summary>
    public static IReadOnlyList<string> RetiredNetworkPolicies { get; } = ["allow-dns"];

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

    /// <summary>
    /// The tenant's quota as the cluster enforces it: every container of a job pod counts (the
    /// helpers too), so each resource is the tenant's quota plus one helper share per concurrent
    /// job, and requests equal limits for all of them.
    /// </summary>
    public V1ResourceQuota Quota(TenantSpec spec)
    {
        var quota = spec.EffectiveQuota;
        var allowed = budget.Allowed(quota);
        var cpu = new ResourceQuantity($"{allowed.CpuMillicores}m");
        var memory = new ResourceQuantity($"{allowed.MemoryMib}Mi");
        var scratch = new ResourceQuantity($"{allowed.ScratchMib}Mi");
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
                    ["requests.nvidia.com/gpu"] = new($"{allowed.Gpus}"),
                    ["requests.cpu"] = cpu,
                    ["limits.cpu"] = cpu,
                    ["requests.memory"] = memory,
                    ["limits.memory"] = memory,
                    ["requests.ephemeral-storage"] = scratch,
                    ["limits.ephemeral-storage"] = scratch,
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
                    DefaultProperty = Defaults(),
                    DefaultRequest = Defaults(),
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

    /// <summary>
    /// The platform's staging endpoint: the Api pods in the platform namespace, on their container
    /// port (NetworkPolicy sees the pod behind a Service address).
    /// </summary>
    public V1NetworkPolicy AllowStaging(TenantSpec spec)
    {
        var (key, value) = Split(options.StagingPodLabel);
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = Meta(spec, AllowStagingName),
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
                                NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = options.PlatformNamespace } },
                                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [key] = value } },
                            },
                        ],
                        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = options.StagingPort }],
                    },
                ],
            },
        };
    }

    /// <summary>Default deny, then the only two ways out: storage and staging. No DNS: job pods resolve names from their hosts file.</summary>
    public IReadOnlyList<V1NetworkPolicy> NetworkPolicies(TenantSpec spec) => [DefaultDeny(spec), AllowStorage(spec), AllowStaging(spec)];

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
        [Namespace(spec), Quota(spec), LimitRange(spec), .. NetworkPolicies(spec), ServiceAccount(spec), RoleBinding(spec)];

    /// <summary>The objects as one multi-document YAML stream, the way <c>kubectl apply -f</c> reads them.</summary>
    public string ToYaml(TenantSpec spec) =>
        string.Join("---\n", All(spec).Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    private Dictionary<string, ResourceQuantity> Defaults() => new()
    {
        ["cpu"] = new(options.DefaultCpu),
        ["memory"] = new(options.DefaultMemory),
        ["ephemeral-storage"] = new(options.DefaultEphemeralStorage),
    };

    private static Dictionary<string, string> Labels(string slug) => new() { [ManagedByLabel] = ManagedBy, [TenantLabel] = slug };

    private static V1ObjectMeta Meta(TenantSpec spec, string name) =>
        new() { Name = name, NamespaceProperty = TenantRules.Namespace(spec.Slug), Labels = Labels(spec.Slug) };

    private static (string Key, string Value) Split(string label)
    {
        var at = label.IndexOf('=', StringComparison.Ordinal);
        return (label[..at], label[(at + 1)..]);
    }
}
