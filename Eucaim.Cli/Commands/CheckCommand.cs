using System.CommandLine;
using Eucaim.Cli.Platform;
using Eucaim.Cli.Upload;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim check</c>: the pre-upload check alone, offline: what <c>upload</c> would refuse, and why.</summary>
internal static class CheckCommand
{
    public static Command Create(CommandFactory factory)
    {
        var paths = new Argument<string[]>("paths") { Description = "DICOM folders (walked recursively), files, or zip archives.", Arity = ArgumentArity.OneOrMore };
        var allowIdentifiers = new Option<bool>("--identifiers-allowed")
        {
            Description = "Report identifying information as warnings, as for a dataset whose policy is deidentify (the platform removes it on arrival).",
        };
        var command = factory.Create("check",
            "Check DICOM files without sending anything: integrity, identifying information, duplicate SOP Instance UIDs (the checks of the ingest).",
            "eucaim check /data/export/CT-2024",
            "eucaim check /data/export --json | jq '.problems[] | {file, attribute}'");
        command.Arguments.Add(paths);
        command.Options.Add(allowIdentifiers);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var report = await CheckPrinter.RunAsync(context, SourceFiles.Find(parse.GetValue(paths)!), parse.GetValue(allowIdentifiers), cancellationToken);
            var passed = CheckPrinter.Print(context, report, warningsToo: !context.Output.Json);
            if (context.Output.Json)
            {
                context.Output.WriteJson(report);
            }

            return passed ? ExitCodes.Ok : ExitCodes.DataRefused;
        });
        return command;
    }
}
