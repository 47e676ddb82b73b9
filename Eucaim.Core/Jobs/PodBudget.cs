using Eucaim.Core.Tenants;

namespace Eucaim.Core.Jobs;

/// <summary>
/// The quota arithmetic of job pods, in one place, so that the platform's queue and the cluster's
/// ResourceQuota agree. On a cluster a job is a pod with the job container (the flavor's
/// resources) and helper containers from the Workers image, each with the same small fixed
/// resources: <c>stage-datasets</c> (an init container, when the job stages datasets) and
/// <c>upload-outputs</c> (a native sidecar). Kubernetes counts a pod as
/// max(Σ regular + Σ sidecars, max over init containers i of init_i + the sidecars started before i),
/// resource by resource; the scheduler and ResourceQuota admission both do. The tenant's
/// ResourceQuota is its quota plus one helper share per concurrent job, so a quota buys whole
/// flavors: 4 jobs of 8 cores fit a quota of 32 cores.
/// </summary>
public sealed class PodBudget
{
    private readonly PodResources? _helper;

    private PodBudget(PodResources? helper) => _helper = helper;

    /// <summary>A Kubernetes pod: the job container beside helpers that each hold <paramref name="helper"/>.</summary>
    public static PodBudget WithHelpers(PodResources helper) => new(helper);

    /// <summary>A local process: the job alone, no helpers.</summary>
    public static PodBudget JobOnly { get; } = new(null);

    /// <summary>What one helper container holds (nothing when there are none).</summary>
    public PodResources Helper => _helper ?? default;

    /// <summary>The most the helpers add to any job container: the pod's count with an empty job container.</summary>
    public PodResources HelperShare => Effective(Containers(default, stagesDatasets: true));

    /// <summary>The job container of a flavor.</summary>
    public static PodResources Job(Flavor flavor) => new(flavor.CpuMillicores, flavor.MemoryMib, flavor.EphemeralStorageGib * 1024L, flavor.GpuCount);

    /// <summary>What the tenant's quota says, before helpers.</summary>
    public static PodResources Quota(TenantQuota quota) => new(quota.CpuCores * 1000L, quota.MemoryGib * 1024L, quota.ScratchGib * 1024L, quota.Gpus);

    /// <summary>What Kubernetes counts for one job's pod.</summary>
    public PodResources Pod(Flavor flavor, bool stagesDatasets) => Effective(Containers(Job(flavor), stagesDatasets));

    /// <summary>
    /// What the tenant's jobs may hold at once: the quota plus one helper share per concurrent job.
    /// A pod never counts more than its job container plus <see cref="HelperShare"/>, so
    /// <c>concurrentJobs</c> jobs whose flavors together fit the quota always fit this.
    /// </summary>
    public PodResources Allowed(TenantQuota quota) => Quota(quota) + (quota.ConcurrentJobs * HelperShare);

    /// <summary>Kubernetes' count of a pod (<c>resourcehelper.PodRequests</c>, without pod overhead): containers in pod order.</summary>
    public static PodResources Effective(IEnumerable<PodContainer> containers)
    {
        PodResources regular = default, sidecars = default, init = default;
        foreach (var container in containers)
        {
            switch (container.Kind)
            {
                case PodContainerKind.Regular:
                    regular += container.Resources;
                    break;
                case PodContainerKind.Sidecar:
                    sidecars += container.Resources;
                    init = PodResources.Max(init, sidecars);
                    break;
                default:
                    init = PodResources.Max(init, container.Resources + sidecars);
                    break;
            }
        }

        return PodResources.Max(regular + sidecars, init);
    }

    private List<PodContainer> Containers(PodResources job, bool stagesDatasets)
    {
        if (_helper is not { } helper)
        {
            return [new(PodContainerKind.Regular, job)];
        }

        var containers = new List<PodContainer>();
        if (stagesDatasets)
        {
            containers.Add(new(PodContainerKind.Init, helper));
        }

        containers.Add(new(PodContainerKind.Sidecar, helper));
        containers.Add(new(PodContainerKind.Regular, job));
        return containers;
    }
}

/// <summary>How Kubernetes runs a container of a pod: before the others and to completion, beside them from its start (native sidecar), or as the pod's work.</summary>
public enum PodContainerKind
{
    Init,
    Sidecar,
    Regular,
}

public sealed record PodContainer(PodContainerKind Kind, PodResources Resources);
