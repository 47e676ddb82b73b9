namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// A failure the fake API server injects into the next <see cref="Times"/> requests that match:
/// an HTTP status (403, 500…), a hang until the client gives up, or a watch stream cut short.
/// </summary>
public sealed record FakeKubernetesFault(string? Method, string PathContains, FaultKind Kind, int StatusCode = 500, int Times = 1)
{
    public int Remaining { get; set; } = Times;

    public bool Matches(string method, string path) =>
        Remaining > 0 && (Method is null || Method == method) && path.Contains(PathContains, StringComparison.Ordinal);
}

public enum FaultKind
{
    Status,
    Hang,
    DropWatch,
}
