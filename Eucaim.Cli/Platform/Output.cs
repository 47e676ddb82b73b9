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

    public Output(CliHost host, bool json)
    {
        Host = host;
        Json = json;
        var colours = host.OutputIsTerminal && string.IsNullOrEmpty(host.Environment("NO_COLOR"));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colours ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(host.Out),
        });
        if (!host.OutputIsTerminal)
        {
            // Piped into a file or grep: no terminal width to respect, so rows are not wrapped at 80.
            Console.Profile.Width = 240;
        }
    }

    public CliHost Host { get; }

    /// <summary><c>--json</c>: print documents, not tables.</summary>
    public bool Json { get; }

    public IAnsiConsole Console { get; }

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
}
