namespace Eucaim.Core.Contracts;

/// <summary>
/// The tar archive (PAX) a job pod's output sidecar uploads (<see cref="BlobLayout.System.JobOutputArchive"/>):
/// every regular file of <c>/output</c> under its relative path, each entry with its SHA-256 as a PAX
/// attribute, and on the blob the archive's own SHA-256 and file count as metadata, set in the same
/// request that commits the upload, so an archive without them never finished uploading.
/// Written by the pod helper (<see cref="WorkerVerbs.UploadOutputs"/>), read by the Workers' collector.
/// </summary>
public static class OutputArchive
{
    public const string EntrySha256Key = "EUCAIM.sha256";

    public const string Sha256Key = "sha256";

    public const string FilesKey = "files";
}
