namespace Eucaim.Workers.Federation;

/// <summary>
/// What the node makes of a job's output file: the report that leaves (its message kind, its body, what the node's
/// audit records of it), or the reason in the node's words why nothing does (the detail stays in the node's audit).
/// </summary>
public sealed record NodeJobOutput(string? Kind, object? Body, Dictionary<string, string?>? Sent, string? Failure, string? Detail)
{
    public static NodeJobOutput Report(string kind, object body, Dictionary<string, string?> sent) => new(kind, body, sent, null, null);

    public static NodeJobOutput Failed(string reason, string? detail) => new(null, null, null, reason, detail);
}
