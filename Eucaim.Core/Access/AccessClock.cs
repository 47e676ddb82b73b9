namespace Eucaim.Core.Access;

/// <summary>
/// The time by which grants start, end and expire. It is the system clock, plus an offset that only
/// a Development deployment with <see cref="AccessOptions.AdjustableClock"/> lets an admin set (tests
/// advance it to reach a grant's end). Only access code reads it: sign-in, tokens and rate limits
/// keep the real time.
/// </summary>
public sealed class AccessClock(TimeProvider system, bool adjustable) : TimeProvider
{
    private long _offsetTicks;

    public bool Adjustable => adjustable;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Raised after the offset changed, so that the expiry sweeper looks again at once.</summary>
    public event Action? Moved;

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    public void SetOffset(TimeSpan offset)
    {
        if (!adjustable)
        {
            throw new InvalidOperationException("The access clock is not adjustable in this deployment.");
        }

        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        Moved?.Invoke();
    }
}
