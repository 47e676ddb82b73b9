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

    /// <summary>
    /// The GPU model as the nodes' GPU Feature Discovery label says it (<c>nvidia.com/gpu.product</c>,
    /// e.g. <c>NVIDIA-A100-SXM4-80GB</c>); required when <see cref="GpuCount"/> is positive, and the
    /// job pod's node selector on that label.
    /// </summary>
    public string? GpuType { get; set; }

    /// <summary>
    /// Scratch for the job's <c>/data</c>, <c>/output</c> and <c>/tmp</c> together, in GiB: the job
    /// container's ephemeral-storage request and limit and each scratch volume's size limit.
    /// </summary>
    public int EphemeralStorageGib { get; set; } = FlavorRules.DefaultEphemeralStorageGib;

    /// <summary>
    /// The size of the memory-backed <c>/dev/shm</c>, in MiB; 0 means <see cref="FlavorRules.SharedMemoryMib"/>'s
    /// default. What a job writes there counts against its memory limit.
    /// </summary>
    public int SharedMemoryMib { get; set; }

    /// <summary>The pod's RuntimeClass; when empty, GPU flavors take the platform's GPU runtime class (<c>nvidia</c>).</summary>
    public string? RuntimeClassName { get; set; }

    /// <summary>Node labels as <c>key=value</c>.</summary>
    public List<string> NodeSelector { get; set; } = [];

    /// <summary>Tolerations in kubectl taint syntax: <c>key[=value]:Effect</c>.</summary>
    public List<string> Tolerations { get; set; } = [];

    public int MaxRuntimeMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint RowVersion { get; set; }
}
