using System.Text;
using Eucaim.Cli.Platform;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// The eucaim tool run in-process through its entry point, as a person would type it, against one
/// platform and with a configuration folder of its own (so runs in parallel never share tokens).
/// </summary>
internal sealed class CliUser : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    public CliUser(Uri platform)
    {
        ConfigFolder = Directory.CreateTempSubdirectory("eucaim-cli-").FullName;
        Platform = platform;
        _environment = new()
        {
            ["EUCAIM_CONFIG_DIR"] = ConfigFolder,
            ["EUCAIM_PLATFORM"] = platform.AbsoluteUri,
        };
    }

    public string ConfigFolder { get; }

    public Uri Platform { get; }

    /// <summary>The token cache file of <see cref="Platform"/>, wherever the tool keeps it.</summary>
    /// <summary>A file's POSIX permissions (the platform tests run on Linux).</summary>
    public static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("POSIX file modes") : File.GetUnixFileMode(path);

    public string TokenFile => Directory.GetFiles(Path.Combine(ConfigFolder, "tokens"), "*.json").Single();

    /// <summary>Starts a command; its output can be read while it runs (the device flow prints its code, then polls).</summary>
    public CliProcess Start(params string[] args)
    {
        var output = new LiveWriter();
        var error = new LiveWriter();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            Environment = name => _environment.GetValueOrDefault(name),
            OutputIsTerminal = false,
            OpenBrowser = _ => false,
        };
        return new CliProcess(Task.Run(() => CliApp.RunAsync(args, host)), output, error);
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var process = Start(args);
        var exitCode = await process.Exit.WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(exitCode, process.Output.Text, process.Error.Text);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(ConfigFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record CliProcess(Task<int> Exit, LiveWriter Output, LiveWriter Error);

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>A writer whose text can be read while another thread writes it.</summary>
internal sealed class LiveWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    /// <summary>Waits until the text matches, for as long as the command may still print it.</summary>
    public async Task<System.Text.RegularExpressions.Match> WaitForAsync(System.Text.RegularExpressions.Regex pattern, Task running)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            if (pattern.Match(Text) is { Success: true } match)
            {
                return match;
            }

            if (running.IsCompleted || timeout.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the command never printed {pattern}; it printed:\n{Text}");
            }

            await Task.Delay(50);
        }
    }
}
