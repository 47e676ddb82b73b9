using Eucaim.Core.Tenants;

namespace Eucaim.Api.Tenants;

/// <summary>
/// A flavor as admins send it. <c>ephemeralStorageGib</c> (absent: 20), <c>sharedMemoryMib</c>
/// (absent or 0: a quarter of the memory, at most 16 GiB) and <c>runtimeClassName</c> (absent: the
/// platform's GPU runtime class for GPU flavors) may be left out.
/// </summary>
public sealed record FlavorRequest(
    string? Name,
    string? Description,
    int CpuMillicores,
    int MemoryMib,
    int GpuCount,
    string? GpuType,
    List<string>? NodeSelector,
    List<string>? Tolerations,
    int MaxRuntimeMinutes,
    int? EphemeralStorageGib = null,
    int? SharedMemoryMib = null,
    string? RuntimeClassName = null)
{
    public Flavor ToFlavor(string name) => new()
    {
        Name = name,
        Description = Description,
        CpuMillicores = CpuMillicores,
        MemoryMib = MemoryMib,
        GpuCount = GpuCount,
        GpuType = string.IsNullOrWhiteSpace(GpuType) ? null : GpuType,
        NodeSelector = NodeSelector ?? [],
        Tolerations = Tolerations ?? [],
        MaxRuntimeMinutes = MaxRuntimeMinutes,
        EphemeralStorageGib = EphemeralStorageGib ?? FlavorRules.DefaultEphemeralStorageGib,
        SharedMemoryMib = SharedMemoryMib ?? 0,
        RuntimeClassName = string.IsNullOrWhiteSpace(RuntimeClassName) ? null : RuntimeClassName,
    };
}

public sealed record FlavorResponse(
    string Name,
    string? Description,
    int CpuMillicores,
    int MemoryMib,
    int GpuCount,
    string? GpuType,
    IReadOnlyList<string> NodeSelector,
    IReadOnlyList<string> Tolerations,
    int MaxRuntimeMinutes,
    int EphemeralStorageGib,
    int SharedMemoryMib,
    string? RuntimeClassName)
{
    /// <summary>The stored values, so that a read sent back unchanged changes nothing (<c>sharedMemoryMib</c> 0 stays the default).</summary>
    public static FlavorResponse From(Flavor f) =>
        new(f.Name, f.Description, f.CpuMillicores, f.MemoryMib, f.GpuCount, f.GpuType, f.NodeSelector, f.Tolerations, f.MaxRuntimeMinutes,
            f.EphemeralStorageGib, f.SharedMemoryMib, f.RuntimeClassName);
}
