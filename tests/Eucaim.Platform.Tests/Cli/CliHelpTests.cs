using System.CommandLine;
using Eucaim.Cli.Platform;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>Every command of the tool answers <c>--help</c> with its examples, whatever arguments it lacks. No platform needed.</summary>
public sealed class CliHelpTests
{
    [Fact]
    public async Task Every_command_prints_help_with_examples_and_exits_0()
    {
        using var cli = new CliUser(new Uri("http://127.0.0.1:9"));
        var root = CliApp.Build(new CliHost { Out = TextWriter.Null, Error = TextWriter.Null, Environment = _ => null });
        var paths = Commands(root, []).ToList();
        Assert.Contains(["jobs", "wait"], paths);
        Assert.Contains(["exports", "download"], paths);
        Assert.Contains(["access", "request"], paths);
        Assert.Contains(["outputs", "list"], paths);

        foreach (var path in paths)
        {
            var help = await cli.RunAsync([.. path, "--help"]);
            Assert.True(help.ExitCode == 0, $"eucaim {string.Join(' ', path)} --help: {help}");
            Assert.Matches(@"Examples:\n  .*eucaim", help.Output);
        }
    }

    private static IEnumerable<string[]> Commands(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] here = [.. path, sub.Name];
            yield return here;
            foreach (var deeper in Commands(sub, here))
            {
                yield return deeper;
            }
        }
    }
}
