namespace Eucaim.Web.Tenants;

/// <summary>A flavor's size in words, the same on every page that lists flavors.</summary>
public static class FlavorText
{
    public static string Size(FlavorView f) =>
        $"{f.CpuMillicores / 1000.0:0.#} CPU, {f.MemoryMib / 1024.0:0.#} GiB" + (f.GpuCount > 0 ? $", {f.GpuCount} × {f.GpuType}" : "");
}
