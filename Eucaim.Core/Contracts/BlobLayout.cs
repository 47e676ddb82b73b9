using System.Globalization;
using System.Text;

namespace Eucaim.Core.Contracts;

/// <summary>
/// Where everything lives in blob storage, one section per container (names in
/// <see cref="Storage.BlobContainers"/>). Api, Workers and job pods all build paths here and only
/// here: a path is a contract between processes, written by one and read by another.
/// </summary>
public static class BlobLayout
{
    /// <summary>The <c>quarantine</c> container: uploads before the ingest validates them.</summary>
    public static class Quarantine
    {
        public static string Upload(Guid datasetId, Guid uploadId) => $"uploads/{datasetId}/{uploadId}";

        /// <summary>Every upload of a dataset, for deleting them all with it.</summary>
        public static string DatasetUploadsPrefix(Guid datasetId) => $"uploads/{datasetId:D}/";

        /// <summary>Block ids must all have the same length within a blob: the zero-padded start offset, base64.</summary>
        public static string BlockId(long offset) =>
            Convert.ToBase64String(Encoding.ASCII.GetBytes(offset.ToString("D20", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The <c>datasets</c> container: <c>{datasetId}/v{n}/packs/{packId}.pack</c>, each the instances of one
    /// stored batch one after the other (an instance is a byte range of its pack); before packs,
    /// <c>{datasetId}/v{n}/{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm</c>, one blob an instance;
    /// once published, <c>{datasetId}/v{n}/manifest.json</c> (<see cref="DatasetVersionManifest"/>).
    /// </summary>
    public static class Datasets
    {
        public const string ManifestName = "manifest.json";

        public static string VersionPrefix(Guid datasetId, int version) => $"{datasetId:D}/v{version}/";

        /// <summary>Every version of a dataset, for deleting a dataset that was never published.</summary>
        public static string DatasetPrefix(Guid datasetId) => $"{datasetId:D}/";

        /// <summary>Relative to <see cref="VersionPrefix"/>, as listed in the manifest.</summary>
        public static string InstanceRelativePath(string studyUid, string seriesUid, string sopUid) => $"{studyUid}/{seriesUid}/{sopUid}.dcm";

        /// <summary>Relative to <see cref="VersionPrefix"/>; never a UID path, which starts with a digit.</summary>
        public static string PackRelativePath(Guid packId) => $"packs/{packId:N}.pack";

        public static string File(Guid datasetId, int version, string relativePath) => VersionPrefix(datasetId, version) + relativePath;

        public static string Manifest(Guid datasetId, int version) => VersionPrefix(datasetId, version) + ManifestName;
    }

    /// <summary>The <c>tenants</c> container: each tenant's outputs under its slug.</summary>
    public static class Tenants
    {
        public static string JobOutputPrefix(string tenantSlug, Guid jobId) => $"{tenantSlug}/jobs/{jobId:D}/output/";

        public static string JobOutput(string tenantSlug, Guid jobId, string relativePath) => JobOutputPrefix(tenantSlug, jobId) + relativePath;
    }

    /// <summary>The <c>system</c> container: the platform's own working files, never shown to researchers.</summary>
    public static class System
    {
        /// <summary>The files a job pod stages (<see cref="StagingPlan"/>), rewritten at every launch.</summary>
        public static string JobStagingPlan(Guid jobId) => $"jobs/{jobId:D}/staging-plan.json";

        /// <summary>The archive a job pod's output sidecar uploads; unpacked and verified into the tenant's prefix, then deleted.</summary>
        public static string JobOutputArchive(Guid jobId) => $"jobs/{jobId:D}/output.tar";
    }

    /// <summary>The <c>logs</c> container: archived job logs, so they outlive pods and processes.</summary>
    public static class Logs
    {
        public static string Job(string tenantSlug, Guid jobId) => $"{tenantSlug}/jobs/{jobId:D}.log";
    }

    /// <summary>The <c>exports</c> container: only files an airlock reviewer approved ever get here.</summary>
    public static class Exports
    {
        public static string File(string tenantSlug, Guid exportId, string relativePath) => $"{tenantSlug}/{exportId:D}/{relativePath}";
    }

    /// <summary>
    /// UIDs become blob path segments, so only what PS3.5 allows passes: digits and dots, at most 64
    /// characters, no empty component. Anything else could climb out of the version's prefix.
    /// </summary>
    public static bool IsValidUid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64 || uid[0] == '.' || uid[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < uid.Length; i++)
        {
            var c = uid[i];
            if (c == '.' ? uid[i - 1] == '.' : c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A relative path is safe when it names a file below its folder: no rooted path, no <c>..</c>,
    /// no empty or dot segment, no backslash, no NUL.
    /// </summary>
    public static bool IsSafeRelativePath(string path) =>
        path.Length is > 0 and <= 1024
        && !path.StartsWith('/')
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");

    /// <summary>
    /// The <c>audit</c> container: <c>checkpoints/{seq, 19 digits}.jws</c>, one signed
    /// <see cref="AuditCheckpoint"/> per chain head, so that name order is sequence order and the
    /// last name listed is the newest checkpoint.
    /// </summary>
    public static class Audit
    {
        public const string CheckpointsPrefix = "checkpoints/";

        public static string Checkpoint(long seq) => $"{CheckpointsPrefix}{seq.ToString("D19", CultureInfo.InvariantCulture)}.jws";
    }
}
