namespace Eucaim.Core.Contracts;

/// <summary>
/// The commands the Workers executable answers besides running its loops: the AppHost starts
/// <see cref="Migrate"/>, job pods run <see cref="StageDatasets"/> and <see cref="UploadOutputs"/>
/// from the Workers image, an operator runs <see cref="GpuCheck"/>. One spelling for every caller.
/// Kept free of dependencies so that a project can compile this file alone.
/// </summary>
public static class WorkerVerbs
{
    /// <summary>Applies the schema, loads the catalogue seed, creates the blob containers, then exits.</summary>
    public const string Migrate = "migrate";

    /// <summary>A job pod's init container: copies the granted dataset versions into <c>/data</c>.</summary>
    public const string StageDatasets = "stage-datasets";

    /// <summary>A job pod's output sidecar: uploads <c>/output</c> once the job container ended.</summary>
    public const string UploadOutputs = "upload-outputs";

    /// <summary>Checks on a GPU machine that each local job sees exactly the GPUs it is given.</summary>
    public const string GpuCheck = "gpu-check";

    public static IReadOnlyList<string> All { get; } = [Migrate, StageDatasets, UploadOutputs, GpuCheck];
}
