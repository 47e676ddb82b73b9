using System.Globalization;

namespace Eucaim.Core.Jobs;

/// <summary>
/// What a container, a pod or a tenant's quota holds of each resource the platform counts, in the
/// smallest unit each is sized in: CPU in millicores, memory and scratch (ephemeral storage) in MiB,
/// whole GPUs. Requests equal limits in every job pod, so one figure per resource says both.
/// </summary>
public readonly record struct PodResources(long CpuMillicores, long MemoryMib, long ScratchMib, int Gpus)
{
    public static PodResources operator +(PodResources a, PodResources b) =>
        new(a.CpuMillicores + b.CpuMillicores, a.MemoryMib + b.MemoryMib, a.ScratchMib + b.ScratchMib, a.Gpus + b.Gpus);

    public static PodResources operator -(PodResources a, PodResources b) =>
        new(a.CpuMillicores - b.CpuMillicores, a.MemoryMib - b.MemoryMib, a.ScratchMib - b.ScratchMib, a.Gpus - b.Gpus);

    public static PodResources operator *(int times, PodResources r) =>
        new(times * r.CpuMillicores, times * r.MemoryMib, times * r.ScratchMib, times * r.Gpus);

    /// <summary>Resource by resource, the larger of the two.</summary>
    public static PodResources Max(PodResources a, PodResources b) =>
        new(Math.Max(a.CpuMillicores, b.CpuMillicores), Math.Max(a.MemoryMib, b.MemoryMib), Math.Max(a.ScratchMib, b.ScratchMib), Math.Max(a.Gpus, b.Gpus));

    /// <summary>Every resource at most the other's.</summary>
    public bool FitsIn(PodResources room) =>
        CpuMillicores <= room.CpuMillicores && MemoryMib <= room.MemoryMib && ScratchMib <= room.ScratchMib && Gpus <= room.Gpus;

    /// <summary>The first resource of which this holds more than <paramref name="room"/>, as researchers read it; null when it fits.</summary>
    public PodResourceShortfall? FirstShortOf(PodResources room)
    {
        if (Gpus > room.Gpus)
        {
            return new PodResourceShortfall("GPUs", Whole(Gpus), Whole(room.Gpus));
        }

        if (CpuMillicores > room.CpuMillicores)
        {
            return new PodResourceShortfall("CPU cores", Cores(CpuMillicores), Cores(room.CpuMillicores));
        }

        if (MemoryMib > room.MemoryMib)
        {
            return new PodResourceShortfall("memory", Gib(MemoryMib), Gib(room.MemoryMib));
        }

        return ScratchMib > room.ScratchMib ? new PodResourceShortfall("scratch storage", Gib(ScratchMib), Gib(room.ScratchMib)) : null;
    }

    private static string Whole(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Cores(long millicores) => (Math.Max(0, millicores) / 1000m).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Gib(long mib) => (Math.Max(0, mib) / 1024m).ToString("0.##", CultureInfo.InvariantCulture) + " GiB";
}

/// <summary>A resource a job needs more of than there is room for: its name and both figures, formatted.</summary>
public sealed record PodResourceShortfall(string Resource, string Needed, string Available);
