namespace Eucaim.Core.Tenants;

/// <summary>
/// A compute size a job asks for by name (small-cpu, medium-gpu, large-gpu…), as the jobman flavors
/// of the EUCAIM processing environment: resources, node placement and a runtime ceiling.
/// </summary>
public sealed class Flavor
{
    /// <summary>A DNS label, unique; jobs and tenants refer to flavors by name.</summary>
    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>CPU in millicores (1000 = one core).</summary>
    public int CpuMillicores { get; set; }

    public int MemoryMib { get; set; }

    public int GpuCount { get; set; }

    /// <summary>e.g. <c>nvidia-a100</c>; required when <see cref="GpuCount"/> is positive.</summary>
    public string? GpuType { get; set; }

    /// <summary>Node labels as <c>key=value</c>.</summary>
    public List<string> NodeSelector { get; set; } = [];

    /// <summary>Tolerations in kubectl taint syntax: <c>key[=value]:Effect</c>.</summary>
    public List<string> Tolerations { get; set; } = [];

    public int MaxRuntimeMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint RowVersion { get; set; }
}
