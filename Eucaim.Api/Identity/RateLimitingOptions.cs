namespace Eucaim.Api.Identity;

/// <summary>
/// Request budgets, bound from <c>Eucaim:RateLimiting</c>: anonymous callers per client address
/// (every request), signed-in callers per person (writes only; their reads are not limited), shared
/// out over the Api's replicas.
/// </summary>
internal sealed class RateLimitingOptions
{
    public const string Section = "Eucaim:RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How many Api replicas share the budgets. Each process counts on its own, so it enforces its
    /// share (<see cref="PerReplica"/>): with requests spread over the replicas, a caller gets about
    /// the configured budget in total, not that many times each replica.
    /// </summary>
    public int Replicas { get; set; } = 1;

    /// <summary>This process's share of <paramref name="budget"/>: never below one request.</summary>
    public Budget PerReplica(Budget budget) => new()
    {
        PermitLimit = Math.Max(1, (int)Math.Ceiling(budget.PermitLimit / (double)Math.Max(1, Replicas))),
        WindowSeconds = budget.WindowSeconds,
    };

    public Budget Anonymous { get; set; } = new() { PermitLimit = 300, WindowSeconds = 60 };

    public Budget Writes { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    public sealed class Budget
    {
        public int PermitLimit { get; set; }

        public int WindowSeconds { get; set; }
    }
}
