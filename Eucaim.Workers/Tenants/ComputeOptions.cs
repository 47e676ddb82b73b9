using System.ComponentModel.DataAnnotations;

namespace Eucaim.Workers.Tenants;

/// <summary>Where tenants and jobs run, bound from <c>Eucaim:Compute</c>.</summary>
public sealed class ComputeOptions
{
    public const string Section = "Eucaim:Compute";

    public ComputeBackend Backend { get; set; } = ComputeBackend.Local;

    public LocalOptions Local { get; set; } = new();

    /// <summary>How often the provisioner looks for due tenants when no notification wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public sealed class LocalOptions
    {
        /// <summary>The folder holding one sandbox per tenant; defaults to a folder under the temp path.</summary>
        public string? SandboxRoot { get; set; }

        public string ResolvedSandboxRoot => string.IsNullOrWhiteSpace(SandboxRoot)
            ? Path.Combine(Path.GetTempPath(), "eucaim-sandboxes")
            : Path.GetFullPath(SandboxRoot);
    }
}

public enum ComputeBackend
{
    Local,
    Kubernetes,
}
