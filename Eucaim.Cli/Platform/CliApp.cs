using System.CommandLine;
using System.CommandLine.Help;
using Eucaim.Cli.Api;
using Eucaim.Cli.Commands;

namespace Eucaim.Cli.Platform;

/// <summary>The tool's entry point, also called in-process by the tests with a host of their own.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliHost host)
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
        root.Subcommands.Add(LoginCommand.Create(factory));
        root.Subcommands.Add(LogoutCommand.Create(factory));
        root.Subcommands.Add(WhoamiCommand.Create(factory));
        root.Subcommands.Add(SearchCommand.Create(factory));
        root.Subcommands.Add(ProfileCommand.Create(factory));
        root.Subcommands.Add(DatasetsCommand.Create(factory));
        root.Subcommands.Add(CheckCommand.Create(factory));
        root.Subcommands.Add(UploadCommand.Create(factory));
        root.Subcommands.Add(StowCommand.Create(factory));
        root.Subcommands.Add(IngestsCommand.Create(factory));
        root.Subcommands.Add(AccessCommand.Create(factory));
        root.Subcommands.Add(JobsCommand.Create(factory));
        root.Subcommands.Add(OutputsCommand.Create(factory));
        root.Subcommands.Add(ExportsCommand.Create(factory));
        root.Subcommands.Add(TenantsCommand.Create(factory));
        root.Subcommands.Add(FlavorsCommand.Create(factory));
        root.Subcommands.Add(ImagesCommand.Create(factory));
        root.Subcommands.Add(UsersCommand.Create(factory));
        root.Subcommands.Add(CompletionCommand.Create(factory));
        factory.AddExamplesToHelp(root, "eucaim login", "eucaim search lung --modality CT", "eucaim whoami", "eucaim profile add production https://eucaim.example.org --use");
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        var root = Build(host);
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
