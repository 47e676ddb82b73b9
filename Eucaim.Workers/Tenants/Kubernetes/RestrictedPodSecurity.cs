using k8s.Models;

namespace Eucaim.Workers.Tenants.Kubernetes;

/// <summary>
/// The Pod Security Standard "restricted" (plus the platform's own read-only root filesystem and
/// no service-account token), checked offline so that a manifest the platform renders is known to
/// pass admission before any cluster sees it.
/// </summary>
public static class RestrictedPodSecurity
{
    private static readonly string[] Modes = ["enforce", "audit", "warn"];

    /// <summary>Namespace labels that make the cluster enforce, audit and warn on "restricted".</summary>
    public static IEnumerable<string> Violations(V1Namespace ns)
    {
        foreach (var mode in Modes)
        {
            var key = $"pod-security.kubernetes.io/{mode}";
            if (ns.Metadata?.Labels is null || !ns.Metadata.Labels.TryGetValue(key, out var level) || level != "restricted")
            {
                yield return $"namespace {ns.Metadata?.Name}: label {key} must be 'restricted'.";
            }
        }
    }

    public static IEnumerable<string> Violations(V1PodSpec pod)
    {
        if (pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true)
        {
            yield return "host namespaces (hostNetwork, hostPID, hostIPC) are forbidden.";
        }

        if (pod.AutomountServiceAccountToken != false)
        {
            yield return "automountServiceAccountToken must be false.";
        }

        foreach (var volume in pod.Volumes ?? [])
        {
            if (volume.ConfigMap is null && volume.Csi is null && volume.DownwardAPI is null && volume.EmptyDir is null && volume.Ephemeral is null
                && volume.PersistentVolumeClaim is null && volume.Projected is null && volume.Secret is null)
            {
                yield return $"volume {volume.Name}: only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes are allowed.";
            }
        }

        var podSeccomp = pod.SecurityContext?.SeccompProfile?.Type;
        var podNonRoot = pod.SecurityContext?.RunAsNonRoot;
        foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers ?? []))
        {
            var context = container.SecurityContext;
            var name = $"container {container.Name}";
            if (context?.Privileged == true)
            {
                yield return $"{name}: privileged is forbidden.";
            }

            if (context?.AllowPrivilegeEscalation != false)
            {
                yield return $"{name}: allowPrivilegeEscalation must be false.";
            }

            if ((context?.RunAsNonRoot ?? podNonRoot) != true)
            {
                yield return $"{name}: runAsNonRoot must be true.";
            }

            if (context?.RunAsUser == 0 || pod.SecurityContext?.RunAsUser == 0)
            {
                yield return $"{name}: runAsUser must not be 0.";
            }

            if ((context?.SeccompProfile?.Type ?? podSeccomp) is not ("RuntimeDefault" or "Localhost"))
            {
                yield return $"{name}: seccompProfile.type must be RuntimeDefault or Localhost.";
            }

            if (context?.Capabilities?.Drop?.Contains("ALL") != true)
            {
                yield return $"{name}: capabilities must drop ALL.";
            }

            if (context?.Capabilities?.Add?.Any(c => c != "NET_BIND_SERVICE") == true)
            {
                yield return $"{name}: only NET_BIND_SERVICE may be added.";
            }

            if (container.Ports?.Any(p => p.HostPort is > 0) == true)
            {
                yield return $"{name}: hostPort is forbidden.";
            }

            if (context?.ReadOnlyRootFilesystem != true)
            {
                yield return $"{name}: readOnlyRootFilesystem must be true (platform rule).";
            }
        }
    }
}
