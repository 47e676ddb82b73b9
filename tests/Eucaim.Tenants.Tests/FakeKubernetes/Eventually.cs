namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>Waits for a state the fake cluster reaches asynchronously: a liveness bound of 30 s, not a speed target.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not true after 30 s: {what}.");
            }

            await Task.Delay(10);
        }
    }
}
