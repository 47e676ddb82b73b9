namespace Eucaim.Cli.Platform;

/// <summary>
/// What a run of the tool reads from and writes to: its output streams, environment and clock.
/// The process passes its own; the tests pass captured writers and an environment of their own,
/// so that several runs share one process without sharing a configuration folder.
/// </summary>
internal sealed class CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>An environment variable, or null.</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>
    /// Standard input where it is a terminal, to ask for a confirmation; null otherwise (piped, a
    /// script, the tests), where a command that would ask needs <c>--yes</c> instead.
    /// </summary>
    public TextReader? Input { get; init; }

    /// <summary>Whether standard output is a terminal: colours and tables' borders only then.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Opens a URL in the user's browser; false when none could be started.</summary>
    public Func<Uri, bool> OpenBrowser { get; init; } = _ => false;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static CliHost FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Environment = System.Environment.GetEnvironmentVariable,
        Input = Console.IsInputRedirected ? null : Console.In,
        OutputIsTerminal = !Console.IsOutputRedirected,
        OpenBrowser = SystemBrowser.TryOpen,
    };
}
