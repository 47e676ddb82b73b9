namespace Eucaim.Api.Identity;

/// <summary>
/// Request budgets, bound from <c>Eucaim:RateLimiting</c>: anonymous callers per client address
/// (every request); signed-in callers per person, reads and writes each with their own budget; and
/// every signed-in request also per client address (<see cref="SignedInPerAddress"/>), so that one
/// address cycling through many accounts' tokens is held too. Shared out over the Api's replicas.
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

    /// <summary>Signed-in GET, HEAD and OPTIONS, per person.</summary>
    public Budget Reads { get; set; } = new() { PermitLimit = 1200, WindowSeconds = 60 };

    /// <summary>Signed-in POST, PUT, PATCH and DELETE, per person.</summary>
    public Budget Writes { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>
    /// Every signed-in request from one client address, whoever signed it: high, because many people
    /// may share an address (a hospital's NAT), yet finite.
    /// </summary>
    public Budget SignedInPerAddress { get; set; } = new() { PermitLimit = 6000, WindowSeconds = 60 };

    public IEnumerable<(string Name, Budget Budget)> All() =>
        [(nameof(Anonymous), Anonymous), (nameof(Reads), Reads), (nameof(Writes), Writes), (nameof(SignedInPerAddress), SignedInPerAddress)];

    public sealed class Budget
    {
        public int PermitLimit { get; set; }

        public int WindowSeconds { get; set; }
    }
}
