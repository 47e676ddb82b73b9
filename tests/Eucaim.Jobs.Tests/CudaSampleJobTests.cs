using Azure.Storage.Blobs;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Jobs.Tests.FakeCuda;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Local;
using Eucaim.Workers.Tenants;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// The sample's CUDA mode as gpu-check runs it: a job of the local backend on a machine with two
/// (fake) GPUs sees exactly the device it is given, through CUDA_VISIBLE_DEVICES as the driver
/// applies it, computes on it and leaves its report among its outputs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CudaSampleJobTests : IDisposable
{
    private const string Gpu1 = "GPU-b0b1b2b3-b4b5-b6b7-b8b9-babbbcbdbebf";

    private readonly string _root = Directory.CreateTempSubdirectory("eucaim-cuda-jobs-").FullName;

    [Fact]
    public async Task A_gpu_job_sees_only_its_own_device_and_computes_on_it_and_a_cpu_job_sees_none()
    {
        var backend = Backend();
        var (gpuJob, gpu, gpuLog) = await RunAsync(backend, [1]);
        Assert.Equal(JobStatus.Succeeded, gpu.Status);
        Assert.Null(GpuProbeOutput.Parse(gpuLog).Problem(Gpu1, requiresWork: true));
        Assert.Contains("name=Fake GPU 1 ", gpuLog);
        var outputs = new List<string>();
        await foreach (var file in backend.ReadOutputsAsync(gpuJob, CancellationToken.None))
        {
            outputs.Add(file.Path);
        }

        Assert.Equal(["cuda.txt"], outputs);

        var (_, cpu, cpuLog) = await RunAsync(backend, []);
        Assert.Equal(JobStatus.Succeeded, cpu.Status);
        Assert.Equal("cuda_device_count=0", cpuLog.Trim());
    }

    [Fact]
    public async Task A_wrong_result_fails_the_job_and_gpu_checks_verdict()
    {
        var (_, observation, log) = await RunAsync(Backend(), [0], new Dictionary<string, string> { ["FAKE_CUDA_CORRUPT"] = "1" });
        Assert.Equal((JobStatus.Failed, 1), (observation.Status, observation.ExitCode));
        Assert.Equal("its computation failed (kernel_ok=false)", GpuProbeOutput.Parse(log).Problem("GPU-a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf", requiresWork: true));
    }

    [Fact]
    public async Task A_ptx_the_driver_refuses_fails_the_job_with_the_drivers_compiler_log()
    {
        var (_, observation, log) = await RunAsync(Backend(), [0], new Dictionary<string, string> { ["FAKE_CUDA_BAD_PTX"] = "1" });
        Assert.Equal((JobStatus.Failed, 1), (observation.Status, observation.ExitCode));
        Assert.Contains("kernel_ok=false kernel=saxpy error=cuModuleLoadDataEx", log);
        Assert.Contains("cuda: cuModuleLoadDataEx failed: CUDA_ERROR_INVALID_PTX (218): a PTX JIT compilation failed; the driver's PTX compiler said: ptxas fatal   : fake compiler refused the module", log);
    }

    [Fact]
    public async Task On_a_machine_without_the_driver_the_job_fails_with_exit_code_3_and_says_why()
    {
        var (_, observation, log) = await RunAsync(Backend(), [0], library: "/nonexistent/libcuda.so.1");
        Assert.Equal((JobStatus.Failed, 3, "Exit code 3."), (observation.Status, observation.ExitCode, observation.Reason));
        Assert.StartsWith("cuda: cannot load /nonexistent/libcuda.so.1: the NVIDIA driver is not installed on this machine", log);
        Assert.Equal("printed no cuda_device_count line: the probe did not run", GpuProbeOutput.Parse(log).Problem(null, requiresWork: true));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The local backend with two GPUs and gpu-check's CUDA probe (the sample job as appsettings.json runs it).</summary>
    private LocalJobBackend Backend()
    {
        var options = TestJobs.Options();
        options.Local.GpuIndices = "0,1";
        options.Local.Images.Add(GpuProbe.Choose("cuda", AppContext.BaseDirectory).Image);
        return new LocalJobBackend(new ComputeOptions { Local = new ComputeOptions.LocalOptions { SandboxRoot = _root } },
            options, new BlobServiceClient("UseDevelopmentStorage=true"), TimeProvider.System);
    }

    private static async Task<(Job Job, JobObservation Observation, string Log)> RunAsync(
        LocalJobBackend backend, IReadOnlyList<int> devices, Dictionary<string, string>? environment = null, string? library = null)
    {
        var job = TestJobs.Job();
        job.Image = "eucaim/sample-job:1.0";
        job.Command = [];
        job.Arguments = ["cuda", "--elements", "100000", "--library", library ?? FakeCudaLibrary.Path];
        job.Environment = environment ?? [];
        job.GpuCount = devices.Count;
        await backend.LaunchAsync(new JobLaunch(job, TestJobs.GpuFlavor(), devices), CancellationToken.None);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        JobObservation observation;
        while (!(observation = await backend.ObserveAsync(job, CancellationToken.None)).Status.IsFinal())
        {
            await Task.Delay(50, patience.Token);
        }

        job.Status = observation.Status;
        return (job, observation, (await backend.ReadLogAsync(job, CancellationToken.None)).Text);
    }
}
