namespace Eucaim.Cli.Platform;

/// <summary>An expected failure: its message is printed as one line and the process exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
