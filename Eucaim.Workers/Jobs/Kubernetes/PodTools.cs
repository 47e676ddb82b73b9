using System.Formats.Tar;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// The two helpers a job pod runs from the Workers image; each trades the job's token for fresh links
/// when it starts (<see cref="StagingExchange"/>). <c>stage-datasets</c> (init container) copies each
/// planned dataset version into <c>/data</c>, checking every SHA-256 against the manifest.
/// <c>upload-outputs</c> (native sidecar) waits until Kubernetes stops it after the job container
/// ended, then uploads <c>/output</c> as one archive (<see cref="OutputArchive"/>) to the single
/// blob its link allows.
/// </summary>
internal static class PodTools
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            return args switch
            {
                [WorkerVerbs.StageDatasets, var exchange, var token, var target] =>
                    await StageAsync(new StagingExchange(http, new Uri(exchange), token, StagingExchange.DefaultPatience), target, CancellationToken.None),
                [WorkerVerbs.UploadOutputs, var exchange, var token, var output] =>
                    await UploadWhenStoppedAsync(new StagingExchange(http, new Uri(exchange), token, StagingExchange.DefaultPatience), output),
                _ => Usage(),
            };
        }
        catch (Exception ex) when (ex is DatasetStagingException or IOException or InvalidDataException or UriFormatException or Azure.RequestFailedException)
        {
            await Console.Error.WriteLineAsync($"eucaim {args[0]}: {ex.Message}");
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Eucaim.Workers stage-datasets <exchange url> <token file> <data folder> | upload-outputs <exchange url> <token file> <output folder>");
        return 2;
    }

    public static async Task<int> StageAsync(StagingExchange exchange, string target, CancellationToken cancellationToken)
    {
        var links = await exchange.ExchangeAsync(cancellationToken);
        foreach (var dataset in links.Datasets)
        {
            var count = await DatasetStaging.StageAsync(dataset.Manifest,
                (file, ct) => file.Bytes.OpenAsync(new BlobClient(dataset.Urls[file.Bytes.Blob]), cancellationToken: ct),
                Path.Combine(target, dataset.MountName), cancellationToken);
            Console.WriteLine($"staged dataset {dataset.Manifest.DatasetId} v{dataset.Manifest.Version}: {count} file(s), checksums verified");
        }

        DatasetStaging.MakeReadOnly(target);
        return 0;
    }

    private static async Task<int> UploadWhenStoppedAsync(StagingExchange exchange, string output)
    {
        var stopped = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        // The link is asked for now, while the job runs: its lifetime is the run deadline from this moment.
        var links = await exchange.ExchangeAsync(CancellationToken.None);
        await stopped.Task;
        var (files, bytes) = await UploadAsync(links.OutputUpload ?? throw new InvalidDataException("The platform gave no output link."), output, CancellationToken.None);
        Console.WriteLine($"uploaded {files} output file(s), {bytes} byte(s)");
        return 0;
    }

    /// <summary>
    /// Regular files only, under their path relative to the output folder, each with its SHA-256,
    /// streamed into the blob as they are read (no copy of the archive on the pod's disk); the
    /// archive's own SHA-256 and file count are committed with it.
    /// </summary>
    public static async Task<(int Files, long Bytes)> UploadAsync(Uri upload, string output, CancellationToken cancellationToken)
    {
        var files = 0;
        long bytes = 0;
        await using var archive = new ArchiveUploadStream(new BlockBlobClient(upload));
        await using (var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            foreach (var path in Directory.EnumerateFiles(output, "*", options).Order(StringComparer.Ordinal))
            {
                await using var content = File.OpenRead(path);
                var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
                content.Position = 0;
                var entry = new PaxTarEntry(TarEntryType.RegularFile, Path.GetRelativePath(output, path).Replace(Path.DirectorySeparatorChar, '/'),
                    new Dictionary<string, string> { [OutputArchive.EntrySha256Key] = sha })
                {
                    DataStream = content,
                };
                await tar.WriteEntryAsync(entry, cancellationToken);
                files++;
                bytes += content.Length;
            }
        }

        await archive.CommitAsync(new Dictionary<string, string> { [OutputArchive.FilesKey] = files.ToString(CultureInfo.InvariantCulture) }, OutputArchive.Sha256Key, cancellationToken);
        return (files, bytes);
    }
}
