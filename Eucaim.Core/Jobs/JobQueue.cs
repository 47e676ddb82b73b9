namespace Eucaim.Core.Jobs;

/// <summary>
/// The fair-share order of queued jobs. Tenants take turns: every tenant's oldest waiting job comes
/// before any tenant's second one, and among jobs of the same turn the tenant using the least (GPUs,
/// then running jobs) goes first, then the older submission. A job runs when it is the first in this
/// order that fits its tenant's quota and the backend's capacity, so a tenant at its quota never
/// blocks another.
/// </summary>
public static class JobQueue
{
    public sealed record Waiting(Guid JobId, Guid TenantId, string Flavor, int Gpus, DateTimeOffset SubmittedAt);

    public sealed record Active(Guid TenantId, int Gpus);

    public sealed record TenantLimits(Guid TenantId, bool Active, int Gpus, int ConcurrentJobs);

    /// <summary>How much the backend can run at once; null means unbounded (a cluster's own scheduler decides).</summary>
    public sealed record Capacity(int? Jobs, int? Gpus);

    public static IReadOnlyList<Waiting> Order(IEnumerable<Waiting> waiting, IEnumerable<Active> active)
    {
        var usage = active.GroupBy(a => a.TenantId).ToDictionary(g => g.Key, g => (Gpus: g.Sum(a => a.Gpus), Jobs: g.Count()));
        return [.. waiting
            .GroupBy(w => w.TenantId)
            .SelectMany(g => g.OrderBy(w => w.SubmittedAt).ThenBy(w => w.JobId).Select((w, turn) => (w, turn)))
            .OrderBy(x => x.turn)
            .ThenBy(x => usage.GetValueOrDefault(x.w.TenantId).Gpus)
            .ThenBy(x => usage.GetValueOrDefault(x.w.TenantId).Jobs)
            .ThenBy(x => x.w.SubmittedAt)
            .ThenBy(x => x.w.JobId)
            .Select(x => x.w)];
    }

    /// <summary>The jobs to start now, in order, without exceeding any tenant's quota or the backend's capacity.</summary>
    public static IReadOnlyList<Waiting> NextToStart(IEnumerable<Waiting> waiting, IEnumerable<Active> active, IReadOnlyDictionary<Guid, TenantLimits> tenants, Capacity capacity)
    {
        var running = active.ToList();
        var usage = running.GroupBy(a => a.TenantId).ToDictionary(g => g.Key, g => (Gpus: g.Sum(a => a.Gpus), Jobs: g.Count()));
        var totalJobs = running.Count;
        var totalGpus = running.Sum(a => a.Gpus);
        var start = new List<Waiting>();
        foreach (var job in Order(waiting, running))
        {
            if (!tenants.TryGetValue(job.TenantId, out var limits) || !limits.Active)
            {
                continue;
            }

            var used = usage.GetValueOrDefault(job.TenantId);
            if (used.Jobs + 1 > limits.ConcurrentJobs || used.Gpus + job.Gpus > limits.Gpus)
            {
                continue;
            }

            if (totalJobs + 1 > (capacity.Jobs ?? int.MaxValue) || totalGpus + job.Gpus > (capacity.Gpus ?? int.MaxValue))
            {
                continue;
            }

            start.Add(job);
            usage[job.TenantId] = (used.Gpus + job.Gpus, used.Jobs + 1);
            totalJobs++;
            totalGpus += job.Gpus;
        }

        return start;
    }

    /// <summary>
    /// Every waiting job's place: its 1-based position in the fair-share order, and an estimated
    /// start from the jobs of its tenant ahead of it (queued before it, or running) draining through
    /// the tenant's concurrent slots (<paramref name="slots"/>, at least 1) at the typical runtime.
    /// </summary>
    public static Dictionary<Guid, JobPlace> Place(
        IEnumerable<Waiting> waiting, IReadOnlyCollection<Active> active, IReadOnlyDictionary<Guid, int> slots, TimeSpan typicalRuntime, DateTimeOffset now)
    {
        var ordered = Order(waiting, active);
        var places = new Dictionary<Guid, JobPlace>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var job = ordered[i];
            var ahead = ordered.Take(i).Count(o => o.TenantId == job.TenantId) + active.Count(a => a.TenantId == job.TenantId);
            places[job.JobId] = new JobPlace(i + 1, EstimateStart(now, ahead + 1, slots.GetValueOrDefault(job.TenantId, 1), typicalRuntime));
        }

        return places;
    }

    /// <summary>
    /// An estimated start: jobs ahead of this one drain through the tenant's concurrent slots at the
    /// typical runtime of recent jobs. An estimate, shown as such; never a promise.
    /// </summary>
    public static DateTimeOffset EstimateStart(DateTimeOffset now, int position, int slots, TimeSpan typicalRuntime) =>
        now + (typicalRuntime * ((position - 1) / Math.Max(1, slots)));
}

/// <summary>Where a queued job stands: its position in the fair-share order and when it may start (an estimate).</summary>
public readonly record struct JobPlace(int Position, DateTimeOffset EstimatedStart);
