namespace Eucaim.Core.Jobs;

/// <summary>
/// The fair-share order of queued jobs. Tenants take turns: every tenant's oldest waiting job comes
/// before any tenant's second one, and among jobs of the same turn the tenant using the least (GPUs,
/// then running jobs) goes first, then the older submission. A job runs when it is the first in this
/// order that fits what its tenant's running jobs leave of the tenant's quota (concurrent jobs, GPUs,
/// CPU, memory, scratch, counted as the cluster counts pods: <see cref="PodBudget"/>) and the
/// backend's capacity, so a tenant at its quota never blocks another. A job that does not fit stays
/// queued with the reason.
/// </summary>
public static class JobQueue
{
    /// <summary>A queued job and what its pod will hold (<see cref="PodBudget.Pod"/>).</summary>
    public sealed record Waiting(Guid JobId, Guid TenantId, string Flavor, PodResources Needs, DateTimeOffset SubmittedAt)
    {
        /// <summary>A job known by its GPUs only: enough for its place in the order.</summary>
        public Waiting(Guid jobId, Guid tenantId, string flavor, int gpus, DateTimeOffset submittedAt)
            : this(jobId, tenantId, flavor, new PodResources(0, 0, 0, gpus), submittedAt)
        {
        }

        public int Gpus => Needs.Gpus;
    }

    /// <summary>A starting or running job and what its pod holds.</summary>
    public sealed record Active(Guid TenantId, PodResources Holds)
    {
        public Active(Guid tenantId, int gpus)
            : this(tenantId, new PodResources(0, 0, 0, gpus))
        {
        }

        public int Gpus => Holds.Gpus;
    }

    /// <summary>Why the jobs of a tenant that is not <see cref="TenantLimits.Active"/> wait.</summary>
    public const string NotReady = "Waiting for the tenant to be ready (its compute namespace is being provisioned, or the tenant is suspended).";

    /// <summary>
    /// What a tenant's jobs may hold at once (<see cref="PodBudget.Allowed"/>) and how many may run;
    /// <paramref name="Active"/> when the tenant is active and its compute namespace ready.
    /// </summary>
    public sealed record TenantLimits(Guid TenantId, bool Active, PodResources Allowed, int ConcurrentJobs);

    /// <summary>How much the backend can run at once; null means unbounded (a cluster's own scheduler decides).</summary>
    public sealed record Capacity(int? Jobs, int? Gpus);

    /// <summary>The jobs to start now, in order, and why each other waiting job waits.</summary>
    public sealed record Decision(IReadOnlyList<Waiting> Start, IReadOnlyDictionary<Guid, string> Waits);

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

    /// <summary>The jobs to start now, in order, without exceeding any tenant's quota or the backend's capacity; the others with their reasons.</summary>
    public static Decision NextToStart(IEnumerable<Waiting> waiting, IEnumerable<Active> active, IReadOnlyDictionary<Guid, TenantLimits> tenants, Capacity capacity)
    {
        var running = active.ToList();
        var usage = running.GroupBy(a => a.TenantId).ToDictionary(g => g.Key, g => (Holds: g.Aggregate(default(PodResources), (sum, a) => sum + a.Holds), Jobs: g.Count()));
        var totalJobs = running.Count;
        var totalGpus = running.Sum(a => a.Gpus);
        var start = new List<Waiting>();
        var waits = new Dictionary<Guid, string>();
        foreach (var job in Order(waiting, running))
        {
            if (!tenants.TryGetValue(job.TenantId, out var limits) || !limits.Active)
            {
                waits[job.JobId] = NotReady;
                continue;
            }

            var used = usage.GetValueOrDefault(job.TenantId);
            if (WhyNot(job, used.Holds, used.Jobs, limits) is { } reason)
            {
                waits[job.JobId] = reason;
                continue;
            }

            if (totalJobs + 1 > (capacity.Jobs ?? int.MaxValue))
            {
                waits[job.JobId] = $"Waiting for the backend: it runs at most {capacity.Jobs} jobs at once.";
                continue;
            }

            if (totalGpus + job.Gpus > (capacity.Gpus ?? int.MaxValue))
            {
                waits[job.JobId] = $"Waiting for {job.Gpus} of the backend's {capacity.Gpus} GPUs to be free.";
                continue;
            }

            start.Add(job);
            usage[job.TenantId] = (used.Holds + job.Needs, used.Jobs + 1);
            totalJobs++;
            totalGpus += job.Gpus;
        }

        return new Decision(start, waits);
    }

    /// <summary>Why a job does not fit its tenant's quota beside the tenant's running jobs, in a researcher's words; null when it fits.</summary>
    private static string? WhyNot(Waiting job, PodResources held, int running, TenantLimits limits)
    {
        if (job.Needs.FirstShortOf(limits.Allowed) is { } never)
        {
            return $"Cannot start while the tenant's quota is this small: the job needs {never.Needed} {never.Resource} (its flavor and the pod's helper containers), " +
                $"the quota allows {never.Available} for all of the tenant's jobs together. An admin can raise the quota, or submit it again with a smaller flavor.";
        }

        if (running + 1 > limits.ConcurrentJobs)
        {
            return $"Waiting for one of the tenant's {running} running jobs to end: the quota allows {limits.ConcurrentJobs} at once.";
        }

        if (job.Needs.FirstShortOf(limits.Allowed - held) is { } now)
        {
            return $"Waiting for the tenant's running jobs to free {now.Resource}: the job needs {now.Needed}, {now.Available} of the quota's are free.";
        }

        return null;
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
