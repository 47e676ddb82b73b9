namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// What the airlock's screening found in one file of an export request. A blocking finding stops an
/// approval unless the reviewer overrides it with a justification; a warning is only shown.
/// </summary>
public sealed class ExportFinding
{
    /// <summary>The file's path relative to the job's output folder.</summary>
    public required string File { get; set; }

    /// <summary>A stable code: one of <see cref="ExportFindingCodes"/>.</summary>
    public required string Code { get; set; }

    public FindingSeverity Severity { get; set; }

    /// <summary>What was found, for the reviewer. Never the identifying value itself.</summary>
    public required string Message { get; set; }

    /// <summary>The 1-based line of the first occurrence in a text file, when there is one.</summary>
    public long? Line { get; set; }

    /// <summary>How many occurrences the file has (1 for a file's type).</summary>
    public long Count { get; set; } = 1;
}

public enum FindingSeverity
{
    Warning,
    Blocking,
}
