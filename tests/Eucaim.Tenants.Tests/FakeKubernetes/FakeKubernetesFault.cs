namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// A failure the fake API server injects into the next <see cref="Times"/> requests that match
/// (method, a piece of the path, and for <see cref="Watch"/> whether the request is a watch):
/// <list type="bullet">
/// <item><see cref="FaultKind.Status"/>: an error Status with <see cref="StatusCode"/> (403, 422, 429 with
/// <c>Retry-After: </c><see cref="RetryAfterSeconds"/>, 5xx…) and the reason the real server gives for it;</item>
/// <item><see cref="FaultKind.Hang"/>: no answer until the client gives up;</item>
/// <item><see cref="FaultKind.Slow"/>: the normal answer after <see cref="DelayMilliseconds"/>;</item>
/// <item><see cref="FaultKind.DropWatch"/>: a watch stream that ends after what it had to replay, without an event;</item>
/// <item><see cref="FaultKind.ExpireWatch"/>: a watch answered as one from a compacted resourceVersion
/// (HTTP 200, a single ERROR event carrying Status 410 Expired, then the end of the stream).</item>
/// </list>
/// </summary>
public sealed record FakeKubernetesFault(string? Method, string PathContains, FaultKind Kind, int StatusCode = 500, int Times = 1)
{
    public int Remaining { get; set; } = Times;

    /// <summary>Only watches (true), only non-watch requests (false), or both (null).</summary>
    public bool? Watch { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    public int DelayMilliseconds { get; init; }

    public string? Message { get; init; }

    public bool Matches(string method, string path, bool watch) =>
        Remaining > 0 && (Method is null || Method == method) && (Watch is null || Watch == watch) && path.Contains(PathContains, StringComparison.Ordinal);
}

public enum FaultKind
{
    Status,
    Hang,
    DropWatch,
    Slow,
    ExpireWatch,
}
