using System.Text.RegularExpressions;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Jobs;

/// <summary>What a valid job request is, rule by rule; every refusal names its field and rule.</summary>
public static partial class JobRules
{
    /// <summary>jobman's limit: the name becomes part of a Kubernetes Job name.</summary>
    public const int MaxNameLength = 36;
    public const int MaxCommandParts = 64;
    public const int MaxArgumentLength = 4096;
    public const int MaxEnvironmentVariables = 64;
    public const int MaxEnvironmentValueLength = 4096;
    public const int MaxDatasets = 16;
    public const int MaxQueuedPerTenant = 200;

    /// <summary>Variables the platform sets itself; a job may not override them.</summary>
    public const string ReservedPrefix = JobEnvironment.Prefix;

    /// <summary>
    /// The NVIDIA container toolkit's variables (<c>NVIDIA_VISIBLE_DEVICES</c>, <c>NVIDIA_DRIVER_CAPABILITIES</c>,
    /// <c>NVIDIA_REQUIRE_*</c>…): which GPUs and driver features a container gets. Only the device
    /// plugin decides that; a job naming <c>all</c> could otherwise see every GPU of its node.
    /// </summary>
    public const string GpuRuntimePrefix = "NVIDIA_";

    /// <summary>Whether a job may not set the variable: the platform's, the GPU runtime's, or the container's basics.</summary>
    public static bool IsReservedVariable(string name) =>
        name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(GpuRuntimePrefix, StringComparison.OrdinalIgnoreCase)
        || name is "CUDA_VISIBLE_DEVICES" or "HOME" or "PATH" or "TMPDIR";

    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && DnsLabel().IsMatch(name);

    public static bool IsValidVariableName(string name) => VariableName().IsMatch(name);

    /// <summary>
    /// Environment variables travel in plain sight (job rows, pod specs, audit); a name that says it
    /// holds a secret is refused rather than stored.
    /// </summary>
    public static bool LooksLikeSecret(string name) => SecretName().IsMatch(name);

    public static string DatasetVariable(string mountName) => JobEnvironment.DatasetVariable(mountName);

    /// <summary>The folder name of a dataset under <c>/data</c>: its id without dashes.</summary>
    public static string MountName(Guid datasetId) => datasetId.ToString("N");

    /// <summary>Errors by field of a job's name, command, arguments and environment; empty when valid.</summary>
    public static List<JobRefusal> ValidateShape(string? name, IReadOnlyList<string>? command, IReadOnlyList<string>? arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var refusals = new List<JobRefusal>();
        if (!IsValidName(name))
        {
            refusals.Add(JobRefusal.Invalid("name", "name-dns-label",
                $"name must be a DNS label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most {MaxNameLength} characters."));
        }

        foreach (var (field, parts) in new[] { ("command", command), ("arguments", arguments) })
        {
            if (parts is null)
            {
                continue;
            }

            if (parts.Count > MaxCommandParts)
            {
                refusals.Add(JobRefusal.Invalid(field, $"{field}-too-long", $"{field} may have at most {MaxCommandParts} parts."));
            }

            if (parts.Any(p => p is null || p.Length > MaxArgumentLength || p.Contains('\0', StringComparison.Ordinal)))
            {
                refusals.Add(JobRefusal.Invalid(field, $"{field}-part", $"each part of {field} must be text of at most {MaxArgumentLength} characters without NUL."));
            }
        }

        if (environment is not null)
        {
            if (environment.Count > MaxEnvironmentVariables)
            {
                refusals.Add(JobRefusal.Invalid("environment", "environment-count", $"at most {MaxEnvironmentVariables} environment variables."));
            }

            foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var field = $"environment.{key}";
                if (!IsValidVariableName(key))
                {
                    refusals.Add(JobRefusal.Invalid(field, "environment-name", "an environment variable name is letters, digits and '_', not starting with a digit, at most 128 characters."));
                }
                else if (IsReservedVariable(key))
                {
                    refusals.Add(JobRefusal.Invalid(field, "environment-reserved", key.StartsWith(GpuRuntimePrefix, StringComparison.OrdinalIgnoreCase) || key == "CUDA_VISIBLE_DEVICES"
                        ? $"{key} is set by the platform: a job gets exactly its flavor's GPUs from the cluster's device plugin, never by naming devices."
                        : $"{key} is set by the platform."));
                }
                else if (LooksLikeSecret(key))
                {
                    refusals.Add(JobRefusal.Invalid(field, "environment-no-secrets",
                        $"{key} looks like a secret (password, token, key, credential); jobs take no secrets: environment variables are stored and shown in plain text."));
                }

                if (value is null || value.Length > MaxEnvironmentValueLength || value.Contains('\0', StringComparison.Ordinal))
                {
                    refusals.Add(JobRefusal.Invalid(field, "environment-value", $"the value must be text of at most {MaxEnvironmentValueLength} characters without NUL."));
                }
            }
        }

        return refusals;
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex VariableName();

    [GeneratedRegex("(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|ACCOUNT_?KEY|SAS)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
