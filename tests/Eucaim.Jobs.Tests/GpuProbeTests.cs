using Eucaim.Workers.Jobs.Local;

namespace Eucaim.Jobs.Tests;

/// <summary>gpu-check's choice of probe and its reading of what each probe job printed.</summary>
public sealed class GpuProbeTests
{
    private const string Own = "GPU-3c2e0f55-710b-4b9e-8c2d-e01f7a6490ab";
    private const string Other = "GPU-9a1b2c3d-0000-4b9e-8c2d-e01f7a6490ab";

    private const string SampleGpuJob = $"""
        cuda_driver_version=13.0
        cuda_device_count=1
        uuid={Own}
        name=NVIDIA H200 memory_gib=140 compute_capability=9.0 ordinal=0
        kernel_ok=true kernel=saxpy a=2.5 elements=16777216 mismatches=0 sum=53424453 kernel_ms=0.512
        """;

    private const string TorchGpuJob = $"""
        cuda_device_count=1
        uuid={Own}
        name=NVIDIA H200 memory_gib=140
        matmul_ok=True
        """;

    [Fact]
    public void The_sample_built_beside_the_workers_is_the_default_probe_and_torch_is_the_fallback()
    {
        var withSample = Directory.CreateTempSubdirectory("eucaim-appbase-").FullName;
        var without = Directory.CreateTempSubdirectory("eucaim-appbase-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(withSample, GpuProbe.SampleDll), []);
            var cuda = GpuProbe.Choose(null, withSample);
            Assert.Equal(("eucaim/sample-job:1.0", "dotnet", true), (cuda.Image.Image, cuda.Image.Command, cuda.RequiresWork));
            Assert.Equal(["{AppBase}Eucaim.SampleJob.dll"], cuda.Image.Arguments);
            Assert.Equal(["cuda"], cuda.Arguments);

            var torch = GpuProbe.Choose(null, without);
            Assert.Equal(("/bin/sh", true), (torch.Image.Command, torch.RequiresWork));
            Assert.Contains("import torch", torch.Image.Arguments[1]);

            Assert.Same(cuda, GpuProbe.Choose("cuda", without));
            Assert.Same(torch, GpuProbe.Choose("torch", withSample));
            var custom = GpuProbe.Choose("nvidia-smi -L", withSample);
            Assert.Equal(["-c", "nvidia-smi -L"], custom.Image.Arguments);
            Assert.False(custom.RequiresWork);
        }
        finally
        {
            Directory.Delete(withSample, recursive: true);
            Directory.Delete(without, recursive: true);
        }
    }

    [Fact]
    public void The_sample_and_torch_outputs_are_read_alike()
    {
        foreach (var log in new[] { SampleGpuJob, TorchGpuJob })
        {
            var output = GpuProbeOutput.Parse(log);
            Assert.Equal(1, output.DeviceCount);
            Assert.Equal([Own], output.Uuids);
            Assert.True(Assert.Single(output.Checks).Value);
            Assert.Null(output.Problem(Own, requiresWork: true));
            Assert.Null(output.Problem(Own.ToUpperInvariant(), requiresWork: true));
        }
    }

    [Theory]
    [InlineData("cuda_device_count=1\nuuid=" + Other + "\nkernel_ok=true", "saw " + Other + " instead of its own " + Own)]
    [InlineData("cuda_device_count=2\nuuid=" + Own + "\nuuid=" + Other + "\nkernel_ok=true\nkernel_ok=true", "saw 2 device(s) [" + Own + "," + Other + "] instead of exactly its own")]
    [InlineData("cuda_device_count=0", "saw 0 device(s) [] instead of exactly its own")]
    [InlineData("cuda_device_count=1\nuuid=" + Own + "\nkernel_ok=false kernel=saxpy mismatches=12", "its computation failed (kernel_ok=false)")]
    [InlineData("cuda_device_count=1\nuuid=" + Own + "\nname=NVIDIA H200", "reported no computation on its GPU (no kernel_ok= or matmul_ok= line)")]
    [InlineData("cuda: cannot load libcuda.so.1: the NVIDIA driver is not installed", "printed no cuda_device_count line: the probe did not run")]
    [InlineData("Traceback (most recent call last):\nModuleNotFoundError: No module named 'torch'", "printed no cuda_device_count line: the probe did not run")]
    public void A_gpu_job_fails_unless_it_saw_exactly_its_own_device_and_computed_on_it(string log, string problem) =>
        Assert.Equal(problem, GpuProbeOutput.Parse(log).Problem(Own, requiresWork: true));

    [Fact]
    public void A_custom_probe_need_not_compute_and_one_failed_check_of_several_fails_the_job()
    {
        Assert.Null(GpuProbeOutput.Parse($"cuda_device_count=1\nuuid={Own}\n").Problem(Own, requiresWork: false));
        var twice = GpuProbeOutput.Parse($"cuda_device_count=1\nuuid={Own}\nkernel_ok=true\nkernel_ok=false\nkernel_ok=true");
        Assert.Equal("its computation failed (kernel_ok=false)", twice.Problem(Own, requiresWork: true));
    }

    [Fact]
    public void A_cpu_only_job_passes_only_when_it_saw_no_device()
    {
        Assert.Null(GpuProbeOutput.Parse("cuda_device_count=0\n").Problem(null, requiresWork: true));
        Assert.Equal($"a CPU-only job saw 1 device(s) [{Own}]", GpuProbeOutput.Parse(SampleGpuJob).Problem(null, requiresWork: true));
        Assert.Equal("printed no cuda_device_count line: the probe did not run", GpuProbeOutput.Parse("").Problem(null, requiresWork: true));
    }
}
