using System.Text.Json;

namespace Eucaim.Core.Contracts;

/// <summary>
/// What a job pod's helper gets for its job token, signed at the moment it asks (so links are fresh
/// however long the pod waited for a GPU): for <see cref="StagingPurpose.Datasets"/> one read-only
/// URL per blob of each planned dataset version (keyed by the blob's path relative to the version:
/// a pack, whose files read their ranges of it, or a file stored alone), for <see cref="StagingPurpose.Outputs"/> the one
/// create/write URL of the output archive, valid for the job's run deadline from now.
/// Written by the Api (<c>POST /api/jobs/{id}/staging/{purpose}</c>), read by the pod's helpers
/// (<see cref="WorkerVerbs.StageDatasets"/>, <see cref="WorkerVerbs.UploadOutputs"/>).
/// </summary>
public sealed record StagingLinks(IReadOnlyList<StagingLinks.Dataset> Datasets, Uri? OutputUpload, DateTimeOffset ExpiresAt)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The header the helpers send their job token in.</summary>
    public const string TokenHeader = "Eucaim-Job-Token";

    public sealed record Dataset(string MountName, DatasetVersionManifest Manifest, IReadOnlyDictionary<string, Uri> Urls);

    public static string Path(Guid jobId, StagingPurpose purpose) =>
        $"/api/jobs/{jobId:D}/staging/{(purpose == StagingPurpose.Datasets ? "datasets" : "outputs")}";
}

/// <summary>Which helper asks: the staging init container or the output sidecar.</summary>
public enum StagingPurpose
{
    Datasets,
    Outputs,
}
