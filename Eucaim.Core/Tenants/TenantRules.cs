using System.Text.RegularExpressions;

namespace Eucaim.Core.Tenants;

/// <summary>
/// What a valid tenant or flavor is. Limits are deliberately generous but finite: a quota beyond
/// them is a typo (a memory figure in MiB where GiB was meant), not a plan.
/// </summary>
public static partial class TenantRules
{
    /// <summary>The namespace is <c>eucaim-&lt;slug&gt;</c> and must stay within a 63-character DNS label.</summary>
    public const int MaxSlugLength = 56;
    public const int MaxNameLength = 200;
    public const int MaxGroupLength = 500;
    public const int MaxGpus = 512;
    public const int MaxCpuCores = 4096;
    public const int MaxMemoryGib = 65536;
    public const int MaxStorageGib = 1048576;
    public const int MaxScratchGib = 1048576;
    public const int MaxConcurrentJobs = 1000;

    /// <summary>Thirty days: longer jobs should checkpoint.</summary>
    public const int MaxRuntimeMinutes = 43200;
    public const int MaxMembers = 1000;

    /// <summary>Errors by field name (camelCase, as in the request body); empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(string? slug, string? name, string? lsLoginGroup, TenantQuota? quota, IReadOnlyCollection<string>? members)
    {
        var errors = new Dictionary<string, string[]>();
        if (slug is not null && !IsDnsLabel(slug, MaxSlugLength))
        {
            errors["slug"] = [$"slug must be a DNS label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most {MaxSlugLength} characters."];
        }

        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength))
        {
            errors["name"] = [$"name is required and at most {MaxNameLength} characters."];
        }

        if (lsLoginGroup is not null && (lsLoginGroup.Length > MaxGroupLength || !lsLoginGroup.StartsWith("urn:", StringComparison.Ordinal) || lsLoginGroup.Any(char.IsWhiteSpace)))
        {
            errors["lsLoginGroup"] = ["lsLoginGroup must be a URN (urn:…) without spaces."];
        }

        if (quota is not null)
        {
            Range(errors, "quota.gpus", quota.Gpus, 0, MaxGpus);
            Range(errors, "quota.cpuCores", quota.CpuCores, 0, MaxCpuCores);
            Range(errors, "quota.memoryGib", quota.MemoryGib, 0, MaxMemoryGib);
            Range(errors, "quota.storageGib", quota.StorageGib, 0, MaxStorageGib);
            Range(errors, "quota.scratchGib", quota.ScratchGib, 0, MaxScratchGib);
            Range(errors, "quota.concurrentJobs", quota.ConcurrentJobs, 0, MaxConcurrentJobs);
            Range(errors, "quota.maxJobRuntimeMinutes", quota.MaxJobRuntimeMinutes, 1, MaxRuntimeMinutes);
        }

        if (members is not null && (members.Count > MaxMembers || members.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 255)))
        {
            errors["members"] = [$"members are at most {MaxMembers} non-empty subjects of at most 255 characters."];
        }

        return errors;
    }

    public static bool IsDnsLabel(string value, int maxLength) =>
        value.Length <= maxLength && DnsLabel().IsMatch(value);

    /// <summary>The Kubernetes namespace of a tenant.</summary>
    public static string Namespace(string slug) => $"eucaim-{slug}";

    /// <summary>The tenant's prefix in the <c>tenants</c> blob container; homes and outputs live below it.</summary>
    public static string StoragePrefix(string slug) => $"{slug}/";

    internal static void Range(Dictionary<string, string[]> errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors[field] = [$"{field} must be between {min} and {max}."];
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
