using System.CommandLine;
using System.CommandLine.Help;
using Eucaim.Cli.Api;
using Eucaim.Cli.Commands;

namespace Eucaim.Cli.Platform;

/// <summary>The tool's entry point, also called in-process by the tests with a host of their own.</summary>
internal static class CliApp
{
    /// <summary>Every command, by the name it is called with.</summary>
    internal static readonly (string Name, Func<CommandFactory, Command> Create)[] Commands =
    [
        ("login", LoginCommand.Create),
        ("logout", LogoutCommand.Create),
        ("whoami", WhoamiCommand.Create),
        ("search", SearchCommand.Create),
        ("profile", ProfileCommand.Create),
        ("datasets", DatasetsCommand.Create),
        ("check", CheckCommand.Create),
        ("upload", UploadCommand.Create),
        ("stow", StowCommand.Create),
        ("ingests", IngestsCommand.Create),
        ("access", AccessCommand.Create),
        ("jobs", JobsCommand.Create),
        ("outputs", OutputsCommand.Create),
        ("exports", ExportsCommand.Create),
        ("tenants", TenantsCommand.Create),
        ("federation", FederationCommand.Create),
        ("node", NodeCommand.Create),
        ("flavors", FlavorsCommand.Create),
        ("images", ImagesCommand.Create),
        ("users", UsersCommand.Create),
        ("completion", CompletionCommand.Create),
    ];

    /// <summary>The command tree; with <paramref name="first"/> (the line's first word) only that command when it is one.</summary>
    public static RootCommand Build(CliHost host, string? first = null)
    {
        var options = new GlobalOptions();
        var factory = new CommandFactory(host, options);
        var root = new RootCommand("""
            eucaim: the command-line tool of the Eucaim platform (docs/cli.md).

            Exit codes: 0 ok, 1 failure (unreachable, server error), 2 usage, 3 not signed in or sign-in refused, 4 refused by the API, 5 job cancelled and 6 job timed out (jobs wait), 7 data refused (local check or ingest).
            """);
        root.Options.Add(options.Platform);
        root.Options.Add(options.Profile);
        root.Options.Add(options.Json);
        // Only the command named first on the line, when it is one: building all of them is start-up
        // time every run would pay (docs/cli.md#starting-fast). Help of the root and completion get them all.
        var named = Commands.Where(c => c.Name == first).ToArray();
        foreach (var (_, create) in named.Length == 1 ? named : Commands)
        {
            root.Subcommands.Add(create(factory));
        }

        factory.AddExamplesToHelp(root, "eucaim login", "eucaim search lung --modality CT", "eucaim whoami", "eucaim profile add production https://eucaim.example.org --use");
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        var root = Build(host, args.FirstOrDefault());
        var parse = root.Parse(args);
        // `eucaim jobs show --help` asks for help, not for the job id it lacks: help wins over the missing argument.
        var askedForHelp = parse.GetResult(root.Options.OfType<HelpOption>().Single()) is not null;
        if (parse.Errors.Count > 0 && !askedForHelp)
        {
            foreach (var error in parse.Errors)
            {
                await host.Error.WriteLineAsync($"eucaim: {error.Message}");
            }

            await host.Error.WriteLineAsync("Run 'eucaim --help' (or 'eucaim <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = host.Out,
                Error = host.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken);
        }
        catch (CliException e)
        {
            await host.Error.WriteLineAsync($"eucaim: {ProblemLine.OneLine(e.Message)}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await host.Error.WriteLineAsync("eucaim: cancelled");
            return ExitCodes.Failure;
        }
    }
}
