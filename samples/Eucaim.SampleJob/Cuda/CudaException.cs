namespace Eucaim.SampleJob.Cuda;

/// <summary>A CUDA driver call that answered other than CUDA_SUCCESS: which call, and the driver's own name for the result.</summary>
internal sealed class CudaException(string call, int result, string description)
    : Exception($"{call} failed: {description}")
{
    public string Call { get; } = call;

    public int Result { get; } = result;
}
