using System.Text.Json;

namespace Eucaim.Cli.Platform;

/// <summary>An expected failure: its message is printed as one line and the process exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The API's problem document when the API refused, for commands that show more of it than the line (a dry run's refusals).</summary>
    public JsonElement? Problem { get; init; }

    /// <summary>The API's status code when the API refused the request, so a command can tell "gone" (404) from other refusals.</summary>
    public int? HttpStatus { get; init; }
}
