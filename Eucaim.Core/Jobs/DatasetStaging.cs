using Azure;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Jobs;

/// <summary>
/// Copies a published dataset version into a folder, file by file from its manifest, verifying each
/// SHA-256 and size before the file gets its final name, then makes the copy read-only. Used by the
/// local backend and by the Kubernetes staging init container.
/// </summary>
public static class DatasetStaging
{
    /// <summary>Reads the manifest of a published version; a missing or invalid one fails the job with the reason.</summary>
    public static async Task<DatasetVersionManifest> ReadManifestAsync(BlobContainerClient datasets, Guid datasetId, int version, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await datasets.GetBlobClient(BlobLayout.Datasets.Manifest(datasetId, version)).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new DatasetStagingException($"dataset {datasetId} version {version} has no published files (no manifest).");
        }

        try
        {
            return DatasetVersionManifest.Parse(content.ToMemory().Span, datasetId, version);
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetStagingException($"the manifest of dataset {datasetId} version {version} is not valid: {ex.Message}");
        }
    }

    public static Task<int> StageAsync(BlobContainerClient datasets, DatasetVersionManifest manifest, string target, CancellationToken cancellationToken) =>
        StageAsync(manifest, (file, ct) => file.Bytes.OpenAsync(datasets.GetBlobClient(BlobLayout.Datasets.File(manifest.DatasetId, manifest.Version, file.Bytes.Blob)), cancellationToken: ct), target, cancellationToken);

    /// <summary>Stages with <paramref name="open"/> reading each file (a container client, or SAS URLs in a pod), whole or its range of a pack.</summary>
    public static async Task<int> StageAsync(DatasetVersionManifest manifest, Func<DatasetVersionManifestFile, CancellationToken, Task<Stream>> open, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var root = Path.GetFullPath(target);
        foreach (var file in manifest.Files)
        {
            var destination = Path.GetFullPath(Path.Combine(root, file.Path));
            if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new DatasetStagingException($"manifest path '{file.Path}' leaves the dataset folder.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var partial = destination + ".partial";
            await using (var source = new HashingStream(await open(file, cancellationToken)))
            await using (var sink = File.Create(partial))
            {
                await source.CopyToAsync(sink, cancellationToken);
                var (actual, size) = (source.Sha256(), source.BytesRead);
                if (size != file.Size || !string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    sink.Close();
                    File.Delete(partial);
                    throw new DatasetStagingException(
                        $"dataset {manifest.DatasetId} v{manifest.Version}: {file.Path} does not match its manifest (sha256 {actual}, {size} bytes; expected {file.Sha256}, {file.Size} bytes).");
                }
            }

            File.Move(partial, destination, overwrite: true);
        }

        MakeReadOnly(root);
        return manifest.Files.Count;
    }

    /// <summary>Files 0444 and folders 0555: the job can read the dataset, never change it.</summary>
    public static void MakeReadOnly(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root).OrderByDescending(d => d.Length))
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>Gives the owner write access back, so the folder can be deleted when the job is over.</summary>
    public static void MakeWritable(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Prepend(root))
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
