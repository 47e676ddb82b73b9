using System.Text.Json;
using Spectre.Console;

namespace Eucaim.Cli.Platform;

/// <summary>
/// Tables for people (Spectre.Console), JSON for scripts (<c>--json</c>). Colours and styles only
/// when standard output is a terminal and <c>NO_COLOR</c> is unset.
/// </summary>
internal sealed class Output
{
    // Relaxed escaping: the output is for jq and people, not for embedding in HTML.
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private IAnsiConsole? _console;

    public Output(CliHost host, bool json)
    {
        Host = host;
        Json = json;
    }

    public CliHost Host { get; }

    /// <summary><c>--json</c>: print documents, not tables.</summary>
    public bool Json { get; }

    /// <summary>Created when a table is first written: commands that print none do not pay for it.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole(Host);

    public void WriteJson(JsonElement json) => Host.Out.WriteLine(JsonSerializer.Serialize(json, Indented));

    public void WriteJson<T>(T value) => Host.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    public void Line(string text) => Host.Out.WriteLine(text);

    /// <summary>A table of the given columns, its cells escaped (data never becomes markup).</summary>
    public Table Table(params string[] columns)
    {
        var table = new Table().Border(Host.OutputIsTerminal ? TableBorder.Rounded : TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    public static void AddRow(Table table, params string?[] cells) =>
        table.AddRow([.. cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? ""))]);

    private static IAnsiConsole CreateConsole(CliHost host)
    {
        var colours = host.OutputIsTerminal && string.IsNullOrEmpty(host.Environment("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colours ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(host.Out),
        });
        if (!host.OutputIsTerminal)
        {
            // Piped into a file or grep: no terminal width to respect, so rows are not wrapped at 80.
            console.Profile.Width = 240;
        }

        return console;
    }
}
