using System.Net;

namespace Eucaim.Workers.Tenants.Kubernetes;

/// <summary>The Kubernetes backend, bound from <c>Eucaim:Compute:Kubernetes</c>.</summary>
public sealed class KubernetesBackendOptions
{
    public const string Section = "Eucaim:Compute:Kubernetes";

    /// <summary>A kubeconfig file; empty means the in-cluster service account.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The Pod Security Standards version the namespaces pin, e.g. <c>v1.33</c>, or <c>latest</c>.</summary>
    public string PodSecurityVersion { get; set; } = "latest";

    /// <summary>CIDRs of the blob storage endpoint: with the staging endpoint, the only destination job pods may reach.</summary>
    public List<string> StorageCidrs { get; set; } = [];

    public int StoragePort { get; set; } = 443;

    /// <summary>The label of the pods serving the staging endpoint (the Api's) in <see cref="PlatformNamespace"/>.</summary>
    public string StagingPodLabel { get; set; } = "app.kubernetes.io/name=api";

    /// <summary>The port those pods listen on (the container port, not the Service's).</summary>
    public int StagingPort { get; set; } = 8080;

    /// <summary>Container defaults of the LimitRange, for pods that state no resources (the quota counts all three).</summary>
    public string DefaultCpu { get; set; } = "1";

    public string DefaultMemory { get; set; } = "2Gi";

    public string DefaultEphemeralStorage { get; set; } = "1Gi";

    /// <summary>The platform's own namespace, where the Workers' service account lives (deploy/base).</summary>
    public string PlatformNamespace { get; set; } = "eucaim";

    /// <summary>The Workers' service account, the subject of the job RoleBinding in every tenant namespace.</summary>
    public string WorkersServiceAccount { get; set; } = "eucaim-workers";

    /// <summary>The ClusterRole with what the job backend does in a tenant namespace; bound per namespace, never cluster-wide.</summary>
    public string JobsClusterRole { get; set; } = "eucaim-tenant-jobs";

    /// <summary>The RoleBinding, in each tenant namespace, of <see cref="JobsClusterRole"/> to the Workers.</summary>
    public string JobsRoleBinding { get; set; } = "eucaim-workers-jobs";

    /// <summary>Errors of these options; the cloud metadata address must never become reachable.</summary>
    public IEnumerable<string> Validate()
    {
        if (StorageCidrs.Count == 0)
        {
            yield return $"{Section}:StorageCidrs needs at least one CIDR of the storage endpoint.";
        }

        foreach (var cidr in StorageCidrs)
        {
            if (!IPNetwork.TryParse(cidr, out var network))
            {
                yield return $"{Section}:StorageCidrs: '{cidr}' is not a CIDR.";
            }
            else if (network.Contains(MetadataAddress))
            {
                yield return $"{Section}:StorageCidrs: '{cidr}' includes the cloud metadata address {MetadataAddress}.";
            }
        }

        foreach (var (key, port) in new[] { (nameof(StoragePort), StoragePort), (nameof(StagingPort), StagingPort) })
        {
            if (port is < 1 or > 65535)
            {
                yield return $"{Section}:{key} must be a TCP port.";
            }
        }

        if (!StagingPodLabel.Contains('=', StringComparison.Ordinal))
        {
            yield return $"{Section}:StagingPodLabel must be key=value.";
        }

        foreach (var (key, value) in new[]
                 {
                     (nameof(PlatformNamespace), PlatformNamespace), (nameof(WorkersServiceAccount), WorkersServiceAccount),
                     (nameof(JobsClusterRole), JobsClusterRole), (nameof(JobsRoleBinding), JobsRoleBinding),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{Section}:{key} must name a Kubernetes object.";
            }
        }
    }

    public static IPAddress MetadataAddress { get; } = IPAddress.Parse("169.254.169.254");
}
