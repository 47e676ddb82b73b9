using Eucaim.Core.Tenants;

namespace Eucaim.Api.Tenants;

public sealed record FlavorRequest(
    string? Name,
    string? Description,
    int CpuMillicores,
    int MemoryMib,
    int GpuCount,
    string? GpuType,
    List<string>? NodeSelector,
    List<string>? Tolerations,
    int MaxRuntimeMinutes)
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
    int MaxRuntimeMinutes)
{
    public static FlavorResponse From(Flavor f) =>
        new(f.Name, f.Description, f.CpuMillicores, f.MemoryMib, f.GpuCount, f.GpuType, f.NodeSelector, f.Tolerations, f.MaxRuntimeMinutes);
}
