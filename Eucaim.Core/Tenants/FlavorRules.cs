using System.Text.RegularExpressions;

namespace Eucaim.Core.Tenants;

/// <summary>What a valid flavor is: finite resources, a GPU type whenever GPUs are asked, placement in Kubernetes syntax.</summary>
public static partial class FlavorRules
{
    public const int MaxCpuMillicores = 256_000;
    public const int MaxMemoryMib = 4 * 1024 * 1024;
    public const int MaxGpuCount = 16;
    public const int MaxPlacementEntries = 20;

    public static Dictionary<string, string[]> Validate(Flavor flavor)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TenantRules.IsDnsLabel(flavor.Name, TenantRules.MaxSlugLength))
        {
            errors["name"] = ["name must be a DNS label: lowercase letters, digits and '-', e.g. medium-gpu."];
        }

        if (flavor.Description is { Length: > TenantRules.MaxNameLength })
        {
            errors["description"] = [$"description is at most {TenantRules.MaxNameLength} characters."];
        }

        TenantRules.Range(errors, "cpuMillicores", flavor.CpuMillicores, 1, MaxCpuMillicores);
        TenantRules.Range(errors, "memoryMib", flavor.MemoryMib, 1, MaxMemoryMib);
        TenantRules.Range(errors, "gpuCount", flavor.GpuCount, 0, MaxGpuCount);
        TenantRules.Range(errors, "maxRuntimeMinutes", flavor.MaxRuntimeMinutes, 1, TenantRules.MaxRuntimeMinutes);
        if (flavor.GpuCount > 0 && (string.IsNullOrWhiteSpace(flavor.GpuType) || flavor.GpuType.Length > 100))
        {
            errors["gpuType"] = ["gpuType is required (at most 100 characters) when gpuCount is positive."];
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

    private const string LabelKey = @"([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    private const string LabelValue = @"([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?";

    [GeneratedRegex("^" + LabelKey + "=" + LabelValue + "$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeSelectorEntry();

    [GeneratedRegex("^" + LabelKey + "(=" + LabelValue + ")?:(NoSchedule|PreferNoSchedule|NoExecute)$", RegexOptions.CultureInvariant)]
    private static partial Regex TolerationEntry();
}
