namespace Eucaim.Core.Jobs;

/// <summary>Where a job's artifacts live in blob storage; every path starts with the tenant's slug.</summary>
public static class JobBlobs
{
    /// <summary>In the <c>logs</c> container.</summary>
    public static string Log(string tenantSlug, Guid jobId) => $"{tenantSlug}/jobs/{jobId:D}.log";

    /// <summary>The prefix of a job's outputs in the <c>tenants</c> container.</summary>
    public static string OutputPrefix(string tenantSlug, Guid jobId) => $"{tenantSlug}/jobs/{jobId:D}/output/";

    public static string Output(string tenantSlug, Guid jobId, string relativePath) => OutputPrefix(tenantSlug, jobId) + relativePath;

    /// <summary>In the <c>exports</c> container: only approved files ever get here.</summary>
    public static string Export(string tenantSlug, Guid exportId, string relativePath) => $"{tenantSlug}/{exportId:D}/{relativePath}";

    /// <summary>A published dataset version's manifest in the <c>datasets</c> container.</summary>
    public static string Manifest(Guid datasetId, int version) => $"{datasetId:D}/v{version}/manifest.json";

    public static string DatasetFile(Guid datasetId, int version, string relativePath) => $"{datasetId:D}/v{version}/{relativePath}";

    /// <summary>
    /// A relative output path is safe when it names a file below the output folder: no rooted path,
    /// no <c>..</c>, no empty or dot segment, no backslash.
    /// </summary>
    public static bool IsSafeRelativePath(string path) =>
        path.Length is > 0 and <= 1024
        && !path.StartsWith('/')
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");
}
