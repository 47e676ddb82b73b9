using System.Text.RegularExpressions;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tenants;

/// <summary>What a valid flavor is: finite resources, a GPU type whenever GPUs are asked, placement in Kubernetes syntax.</summary>
public static partial class FlavorRules
{
    public const int MaxCpuMillicores = 256_000;
    public const int MaxMemoryMib = 4 * 1024 * 1024;
    public const int MaxGpuCount = 16;
    public const int MaxPlacementEntries = 20;
    public const int MaxEphemeralStorageGib = 16384;

    /// <summary>Scratch of a flavor that states none (and of every flavor made before scratch was sized).</summary>
    public const int DefaultEphemeralStorageGib = 20;

    /// <summary>The largest default <c>/dev/shm</c>: plenty for PyTorch DataLoader workers, and a ceiling rather than a reservation.</summary>
    public const int MaxDefaultSharedMemoryMib = 16 * 1024;

    /// <summary>
    /// The size of a flavor's memory-backed <c>/dev/shm</c>: its own, or a quarter of its memory up to
    /// 16 GiB. The size only caps what the job may write there; written pages count against the
    /// job container's memory limit, so a larger one reserves nothing.
    /// </summary>
    public static int SharedMemoryMib(Flavor flavor) =>
        flavor.SharedMemoryMib > 0 ? flavor.SharedMemoryMib : Math.Max(1, Math.Min(flavor.MemoryMib / 4, MaxDefaultSharedMemoryMib));

    public static Dictionary<string, string[]> Validate(Flavor flavor)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TenantRules.IsDnsLabel(flavor.Name, TenantRules.MaxSlugLength))
        {
            errors["name"] = ["name must be a DNS label: lowercase letters, digits and '-', e.g. medium-gpu."];
        }

        TextInput.Validate(errors, "description", flavor.Description, TenantRules.MaxNameLength);

        TenantRules.Range(errors, "cpuMillicores", flavor.CpuMillicores, 1, MaxCpuMillicores);
        TenantRules.Range(errors, "memoryMib", flavor.MemoryMib, 1, MaxMemoryMib);
        TenantRules.Range(errors, "gpuCount", flavor.GpuCount, 0, MaxGpuCount);
        TenantRules.Range(errors, "maxRuntimeMinutes", flavor.MaxRuntimeMinutes, 1, TenantRules.MaxRuntimeMinutes);
        TenantRules.Range(errors, "ephemeralStorageGib", flavor.EphemeralStorageGib, 1, MaxEphemeralStorageGib);
        if (flavor.SharedMemoryMib < 0 || flavor.SharedMemoryMib > Math.Max(1, flavor.MemoryMib))
        {
            errors["sharedMemoryMib"] = ["sharedMemoryMib must be between 0 (the default: a quarter of memoryMib, at most 16 GiB) and memoryMib: /dev/shm is memory the job's limit pays for."];
        }

        if (flavor.GpuCount > 0 && string.IsNullOrWhiteSpace(flavor.GpuType))
        {
            errors["gpuType"] = ["gpuType is required when gpuCount is positive: the GPU model as the nodes' nvidia.com/gpu.product label says it, e.g. NVIDIA-A100-SXM4-80GB."];
        }
        else if (flavor.GpuType is not null && !LabelValueEntry().IsMatch(flavor.GpuType))
        {
            errors["gpuType"] = ["gpuType is a node label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), e.g. NVIDIA-A100-SXM4-80GB."];
        }

        if (flavor.RuntimeClassName is not null && !IsDnsSubdomain(flavor.RuntimeClassName))
        {
            errors["runtimeClassName"] = ["runtimeClassName names a RuntimeClass: a DNS subdomain of lowercase letters, digits, '-' and '.', e.g. nvidia."];
        }

        if (flavor.NodeSelector.Count > MaxPlacementEntries || flavor.NodeSelector.Any(s => !NodeSelectorEntry().IsMatch(s)))
        {
            errors["nodeSelector"] = ["nodeSelector entries are key=value label pairs."];
        }

        if (flavor.Tolerations.Count > MaxPlacementEntries || flavor.Tolerations.Any(t => !TolerationEntry().IsMatch(t)))
        {
            errors["tolerations"] = ["tolerations are key[=value]:NoSchedule|PreferNoSchedule|NoExecute."];
        }

        return errors;
    }

    /// <summary>A Kubernetes object name such as a RuntimeClass's, or a host name: RFC 1123 subdomain.</summary>
    public static bool IsDnsSubdomain(string value) => value.Length <= 253 && DnsSubdomain().IsMatch(value);

    /// <summary>A label key, optionally prefixed (<c>nvidia.com/gpu.product</c>).</summary>
    public static bool IsLabelKey(string value) => LabelKeyEntry().IsMatch(value);

    private const string LabelKey = @"([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    private const string LabelValue = @"([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?";

    [GeneratedRegex("^" + LabelKey + "$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKeyEntry();

    [GeneratedRegex("^" + LabelValue + "$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueEntry();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^" + LabelKey + "=" + LabelValue + "$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeSelectorEntry();

    [GeneratedRegex("^" + LabelKey + "(=" + LabelValue + ")?:(NoSchedule|PreferNoSchedule|NoExecute)$", RegexOptions.CultureInvariant)]
    private static partial Regex TolerationEntry();
}
