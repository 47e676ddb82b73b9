using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Eucaim.Cli.Platform;

/// <summary>Makes commands whose actions get a <see cref="CliContext"/> of their run, and whose help ends with examples.</summary>
internal sealed class CommandFactory(CliHost host, GlobalOptions options)
{
    private readonly Dictionary<Command, string[]> _examples = [];

    public Command Create(string name, string description, params string[] examples)
    {
        var command = new Command(name, description);
        _examples[command] = examples;
        return command;
    }

    public void Run(Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CliContext(host, parse, options);
            return await action(context, parse, cancellationToken);
        });

    /// <summary>Every command's <c>--help</c> prints its examples after the usual help.</summary>
    public void AddExamplesToHelp(RootCommand root, params string[] rootExamples)
    {
        _examples[root] = rootExamples;
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard)
        {
            help.Action = new HelpWithExamples(standard, _examples);
        }
    }

    private sealed class HelpWithExamples(HelpAction standard, Dictionary<Command, string[]> examples) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = standard.Invoke(parseResult);
            if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines) && lines.Length > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var line in lines)
                {
                    output.WriteLine($"  {line}");
                }

                output.WriteLine();
            }

            return result;
        }
    }
}
