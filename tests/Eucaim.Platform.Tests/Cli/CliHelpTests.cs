using System.CommandLine;
using Eucaim.Cli.Platform;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>Every command's <c>--help</c> ends with examples, and shows even where the line lacks a required argument. No platform needed.</summary>
public sealed class CliHelpTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in Walk(CliApp.Build(Host(new StringWriter(), new StringWriter())), []))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_of_every_command_ends_with_examples(string command)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CliApp.RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"], Host(output, error));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal("", error.ToString());
        var examples = output.ToString().Split("Examples:");
        Assert.True(examples.Length == 2, $"no examples in the help of '{command}':\n{output}");
        var lines = examples[1].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Contains("eucaim ", line));
    }

    [Fact]
    public void A_line_naming_a_command_builds_that_command_alone_and_any_other_line_builds_them_all()
    {
        var host = Host(new StringWriter(), new StringWriter());
        var all = CliApp.Build(host).Subcommands.Select(c => c.Name).ToList();
        Assert.Equal(CliApp.Commands.Select(c => c.Name), all);
        foreach (var name in all)
        {
            Assert.Equal([name], CliApp.Build(host, name).Subcommands.Select(c => c.Name));
        }

        Assert.Equal(all, CliApp.Build(host, "--platform").Subcommands.Select(c => c.Name));
        Assert.Equal(all, CliApp.Build(host, "chek").Subcommands.Select(c => c.Name));
    }

    private static IEnumerable<string[]> Walk(Command command, string[] path)
    {
        yield return path;
        foreach (var sub in command.Subcommands)
        {
            foreach (var deeper in Walk(sub, [.. path, sub.Name]))
            {
                yield return deeper;
            }
        }
    }

    private static CliHost Host(TextWriter output, TextWriter error) => new()
    {
        Out = output,
        Error = error,
        Environment = _ => null,
    };
}
