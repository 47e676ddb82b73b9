using System.CommandLine;
using Eucaim.Cli.Platform;
using Eucaim.Cli.Upload;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim upload</c>: DICOM folders, files or zips into a dataset's draft, checked here first, resumable (docs/cli.md#uploading-dicom).</summary>
internal static class UploadCommand
{
    public static Command Create(CommandFactory factory)
    {
        var paths = new Argument<string[]>("paths") { Description = "DICOM folders (walked recursively), files, or zip archives.", Arity = ArgumentArity.OneOrMore };
        var dataset = new Option<Guid>("--dataset", "-d") { Description = "The dataset whose draft receives the files.", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Parts sent at once.", DefaultValueFactory = _ => 4 };
        var partSize = new Option<int>("--part-size") { Description = "MiB per part: files are packed into zip parts of about this size, each a resumable upload.", DefaultValueFactory = _ => 128 };
        var noFollow = new Option<bool>("--no-follow") { Description = "Return once the ingest is queued instead of following it to its report." };
        var limitRate = new Option<double?>("--limit-rate") { Description = "At most this many MiB/s for all parts together (default: as fast as the link allows)." };
        var restart = new Option<bool>("--restart") { Description = "Forget an interrupted upload of these paths (its session is removed) and start over." };
        parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 32) r.AddError("--parallel: between 1 and 32"); });
        limitRate.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is <= 0) r.AddError("--limit-rate: more than 0 MiB/s"); });
        partSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 2048) r.AddError("--part-size: between 1 and 2048 MiB"); });
        var command = factory.Create("upload",
            "Check DICOM files here, then send them into a dataset's draft (resumable: run the same command again after an interruption) and follow the ingest.",
            "eucaim upload /data/export/CT-2024 --dataset 0b7c…",
            "eucaim upload study1.zip study2.zip --dataset 0b7c… --json > report.json",
            "eucaim upload /data/export --dataset 0b7c… --no-follow");
        command.Arguments.Add(paths);
        command.Options.Add(dataset);
        command.Options.Add(parallel);
        command.Options.Add(partSize);
        command.Options.Add(noFollow);
        command.Options.Add(restart);
        command.Options.Add(limitRate);
        factory.Run(command, (context, parse, cancellationToken) =>
            new DicomUpload(context).RunAsync(new UploadRequest(
                parse.GetValue(paths)!, parse.GetValue(dataset), parse.GetValue(parallel), parse.GetValue(partSize) * 1024L * 1024,
                !parse.GetValue(noFollow), parse.GetValue(restart), parse.GetValue(limitRate)), cancellationToken));
        return command;
    }
}
