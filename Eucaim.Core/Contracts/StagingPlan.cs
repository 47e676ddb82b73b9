using System.Text.Json;

namespace Eucaim.Core.Contracts;

/// <summary>
/// What a job pod stages: each granted dataset version's manifest under the name it is mounted as.
/// The Workers service writes it to blob storage (<see cref="BlobLayout.System.JobStagingPlan"/>) at
/// every launch; the Api reads it when the pod's helpers exchange their job token
/// (<see cref="StagingLinks"/>). It holds no credential, so it may be as large as a dataset is long:
/// a Kubernetes Secret would refuse it beyond 1 MiB.
/// </summary>
public sealed record StagingPlan(Guid JobId, IReadOnlyList<StagingPlan.Dataset> Datasets)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Dataset(string MountName, DatasetVersionManifest Manifest);

    public BinaryData Serialize() => BinaryData.FromObjectAsJson(this, Json);

    public static StagingPlan Parse(BinaryData json) =>
        json.ToObjectFromJson<StagingPlan>(Json) ?? throw new InvalidDataException("The staging plan is empty.");
}
