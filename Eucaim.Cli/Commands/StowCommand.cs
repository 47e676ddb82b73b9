using System.CommandLine;
using Eucaim.Cli.Platform;
using Eucaim.Cli.Stow;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim stow</c>: DICOM files into a dataset's draft over DICOMweb STOW-RS, checked here first (docs/cli.md#uploading-dicom).</summary>
internal static class StowCommand
{
    public static Command Create(CommandFactory factory)
    {
        var paths = new Argument<string[]>("paths") { Description = "DICOM folders (walked recursively) or files.", Arity = ArgumentArity.OneOrMore };
        var dataset = new Option<Guid>("--dataset", "-d") { Description = "The dataset whose draft receives the instances.", Required = true };
        var study = new Option<string?>("--study") { Description = "Store into this study only: instances of another study are refused." };
        var batch = new Option<int>("--batch") { Description = "Instances per STOW-RS request (at most 64 MiB a request).", DefaultValueFactory = _ => 50 };
        var parallel = new Option<int>("--parallel") { Description = "Requests sent at once.", DefaultValueFactory = _ => 4 };
        batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1000) r.AddError("--batch: between 1 and 1000"); });
        parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 32) r.AddError("--parallel: between 1 and 32"); });
        var command = factory.Create("stow",
            "Check DICOM files here, then store them into a dataset's draft with DICOMweb STOW-RS (run it again after an interruption: what is stored stays, identical instances are not stored twice).",
            "eucaim stow /data/export/CT-2024 --dataset 0b7c…",
            "eucaim stow series/*.dcm --dataset 0b7c… --study 1.2.826.0.1.3680043.2.1125.1 --json");
        command.Arguments.Add(paths);
        command.Options.Add(dataset);
        command.Options.Add(study);
        command.Options.Add(batch);
        command.Options.Add(parallel);
        factory.Run(command, (context, parse, cancellationToken) =>
            new DicomStow(context).RunAsync(new StowRequest(
                parse.GetValue(paths)!, parse.GetValue(dataset), parse.GetValue(study), parse.GetValue(batch), parse.GetValue(parallel)), cancellationToken));
        return command;
    }
}
