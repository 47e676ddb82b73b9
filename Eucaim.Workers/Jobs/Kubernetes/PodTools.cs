using System.Formats.Tar;
using System.Runtime.InteropServices;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// The two helpers a job pod runs from the Workers image. <c>stage-datasets</c> (init container)
/// copies each granted dataset version from its per-file read-only SAS URLs into <c>/data</c>,
/// checking every SHA-256 against the manifest. <c>upload-outputs</c> (native sidecar) waits until
/// Kubernetes stops it after the job container ended, then uploads <c>/output</c> as one tar archive
/// to the single blob its write-only SAS allows.
/// </summary>
internal static class PodTools
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args switch
            {
                [WorkerVerbs.StageDatasets, var plan, var target] => await StageAsync(plan, target),
                [WorkerVerbs.UploadOutputs, var plan, var output] => await UploadWhenStoppedAsync(plan, output),
                _ => Usage(),
            };
        }
        catch (Exception ex) when (ex is DatasetStagingException or IOException or InvalidDataException or Azure.RequestFailedException)
        {
            await Console.Error.WriteLineAsync($"eucaim {args[0]}: {ex.Message}");
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Eucaim.Workers stage-datasets <plan.json> <data folder> | upload-outputs <plan.json> <output folder>");
        return 2;
    }

    public static async Task<int> StageAsync(string planPath, string target)
    {
        var plan = StagingPlan.Parse(await File.ReadAllTextAsync(planPath));
        foreach (var dataset in plan.Datasets)
        {
            var count = await DatasetStaging.StageAsync(dataset.Manifest,
                (file, ct) => new BlobClient(dataset.Urls[file.Path]).OpenReadAsync(cancellationToken: ct),
                Path.Combine(target, dataset.MountName), CancellationToken.None);
            Console.WriteLine($"staged dataset {dataset.Manifest.DatasetId} v{dataset.Manifest.Version}: {count} file(s), checksums verified");
        }

        DatasetStaging.MakeReadOnly(target);
        return 0;
    }

    private static async Task<int> UploadWhenStoppedAsync(string planPath, string output)
    {
        var stopped = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        await stopped.Task;
        var plan = StagingPlan.Parse(await File.ReadAllTextAsync(planPath));
        await UploadAsync(plan.OutputUpload, output);
        return 0;
    }

    /// <summary>Regular files only, under their path relative to the output folder.</summary>
    public static async Task UploadAsync(Uri upload, string output)
    {
        var archive = Path.Combine(Path.GetTempPath(), "output.tar");
        await using (var file = File.Create(archive))
        await using (var tar = new TarWriter(file, TarEntryFormat.Pax))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            foreach (var path in Directory.EnumerateFiles(output, "*", options).Order(StringComparer.Ordinal))
            {
                await tar.WriteEntryAsync(path, Path.GetRelativePath(output, path).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        await using var content = File.OpenRead(archive);
        await new BlobClient(upload).UploadAsync(content, overwrite: true);
    }
}
