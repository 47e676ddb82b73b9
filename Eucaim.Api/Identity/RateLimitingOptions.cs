namespace Eucaim.Api.Identity;

/// <summary>
/// Request budgets, bound from <c>Eucaim:RateLimiting</c>: anonymous callers per client address
/// (every request), signed-in callers per person (writes only; their reads are not limited).
/// </summary>
internal sealed class RateLimitingOptions
{
    public const string Section = "Eucaim:RateLimiting";

    public bool Enabled { get; set; } = true;

    public Budget Anonymous { get; set; } = new() { PermitLimit = 300, WindowSeconds = 60 };

    public Budget Writes { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    public sealed class Budget
    {
        public int PermitLimit { get; set; }

        public int WindowSeconds { get; set; }
    }
}
