using System.Text.Json;

namespace Eucaim.Core.Contracts;

/// <summary>
/// What the staging init container of a job pod gets (in a Secret mounted only into it): each granted
/// dataset's manifest with one read-only SAS URL per file of that version, expiring shortly after the
/// job's deadline, plus the one write-only URL the output sidecar uploads the output archive to.
/// Written by the Workers service, read by another process: the pod's helpers
/// (<see cref="WorkerVerbs.StageDatasets"/>, <see cref="WorkerVerbs.UploadOutputs"/>).
/// </summary>
public sealed record StagingPlan(IReadOnlyList<StagingPlan.Dataset> Datasets, Uri OutputUpload)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Dataset(string MountName, DatasetVersionManifest Manifest, IReadOnlyDictionary<string, Uri> Urls);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static StagingPlan Parse(string json) =>
        JsonSerializer.Deserialize<StagingPlan>(json, Json) ?? throw new InvalidDataException("The staging plan is empty.");
}
