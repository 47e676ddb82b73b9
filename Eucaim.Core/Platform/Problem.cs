namespace Eucaim.Core.Platform;

/// <summary>
/// A use case's refusal, in the platform's words: what kind, a short title, a detail that says what
/// to do, the offending fields and the rule broken. The Api turns it into an RFC 9457 answer; a
/// Workers loop logs it. Kept free of HTTP so that rules are tested without a server.
/// </summary>
public sealed record Problem(ProblemKind Kind, string Title, string Detail)
{
    /// <summary>Per-field messages, for <see cref="ProblemKind.Invalid"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The name of the rule that refused, so clients can tell refusals apart without parsing text.</summary>
    public string? Rule { get; init; }

    /// <summary>For a <see cref="ProblemKind.NotFound"/> that hides something existing: what it hides, to be audited.</summary>
    public HiddenResource? Hidden { get; init; }

    /// <summary>Further members of the problem body (e.g. the current ETag, a limit).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public static Problem Invalid(string field, string message, string title = "The request is not valid.") =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, title);

    public static Problem Invalid(IReadOnlyDictionary<string, string[]> errors, string title = "The request is not valid.") =>
        new(ProblemKind.Invalid, title, string.Join(" ", errors.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value)))
        {
            Errors = errors,
        };

    /// <summary>
    /// The one answer for "does not exist" and "exists but is not yours": identical either way, so
    /// nobody learns what exists by probing. When it hides something, the refusal is audited.
    /// </summary>
    public static Problem NotFound(string kind, object id, bool hidesExisting = false) =>
        new(ProblemKind.NotFound, "Not found.", $"No {kind} '{id}'.")
        {
            Hidden = hidesExisting ? new HiddenResource(kind, id.ToString() ?? string.Empty) : null,
        };

    public static Problem Forbidden(string title, string detail, string rule) =>
        new(ProblemKind.Forbidden, title, detail) { Rule = rule };

    public static Problem Conflict(string title, string detail, string rule) =>
        new(ProblemKind.Conflict, title, detail) { Rule = rule };
}

/// <summary>What a hiding 404 hid: recorded in the audit trail, never shown to the caller.</summary>
public sealed record HiddenResource(string Kind, string Id);
