namespace Eucaim.Cli.Platform;

/// <summary>
/// What a run of the tool reads from and writes to: its output streams, environment and clock.
/// The process passes its own; the tests pass captured writers and an environment of their own,
/// so that several runs share one process without sharing a configuration folder.
/// </summary>
internal sealed class CliHost
{
    private Lazy<TextReader?> _input = new((TextReader?)null);

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>An environment variable, or null.</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>
    /// Standard input where it is a terminal, to ask for a confirmation; null otherwise (piped, a
    /// script, the tests), where a command that would ask needs <c>--yes</c> instead.
    /// </summary>
    public TextReader? Input
    {
        get => _input.Value;
        init => _input = new Lazy<TextReader?>(value);
    }

    /// <summary>Standard input opened when first asked for: opening the terminal costs start-up time most commands never need.</summary>
    public Func<TextReader?> InputFrom
    {
        init => _input = new Lazy<TextReader?>(value);
    }

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
        InputFrom = () => Console.IsInputRedirected ? null : Console.In,
        OutputIsTerminal = !Console.IsOutputRedirected,
        OpenBrowser = SystemBrowser.TryOpen,
    };
}
