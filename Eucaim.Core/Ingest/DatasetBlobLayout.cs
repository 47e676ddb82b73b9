namespace Eucaim.Core.Ingest;

/// <summary>
/// The layout of a dataset version in the <c>datasets</c> container, a contract with the job
/// stager: <c>{datasetId}/v{n}/{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm</c> and,
/// once published, <c>{datasetId}/v{n}/manifest.json</c>.
/// </summary>
public static class DatasetBlobLayout
{
    public const string ManifestName = "manifest.json";

    public static string VersionPrefix(Guid datasetId, int version) => $"{datasetId}/v{version}/";

    /// <summary>Relative to <see cref="VersionPrefix"/>, as listed in the manifest.</summary>
    public static string InstanceRelativePath(string studyUid, string seriesUid, string sopUid) => $"{studyUid}/{seriesUid}/{sopUid}.dcm";

    public static string InstancePath(Guid datasetId, int version, string studyUid, string seriesUid, string sopUid) =>
        VersionPrefix(datasetId, version) + InstanceRelativePath(studyUid, seriesUid, sopUid);

    public static string ManifestPath(Guid datasetId, int version) => VersionPrefix(datasetId, version) + ManifestName;

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
}
