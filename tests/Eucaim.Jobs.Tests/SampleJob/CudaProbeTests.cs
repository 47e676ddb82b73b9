using Eucaim.Jobs.Tests.FakeCuda;
using Eucaim.SampleJob.Cuda;

namespace Eucaim.Jobs.Tests.SampleJob;

/// <summary>The sample's CUDA mode without a GPU: its arguments, a machine without libcuda, and its driver bindings against the fake libcuda.</summary>
public sealed class CudaProbeTests
{
    [Fact]
    public void Without_arguments_it_runs_16_mi_elements_through_the_drivers_libcuda()
    {
        Assert.True(CudaProbe.TryParse([], out var elements, out var library, out var problem));
        Assert.Equal((1 << 24, "libcuda.so.1", null), (elements, library, problem));
        Assert.True(CudaProbe.TryParse(["--elements", "1000", "--library", "/opt/nvidia/libcuda.so.1"], out elements, out library, out _));
        Assert.Equal((1000, "/opt/nvidia/libcuda.so.1"), (elements, library));
    }

    [Theory]
    [InlineData("--elements", "--elements", "0")]
    [InlineData("--elements", "--elements", "268435457")]
    [InlineData("--elements", "--elements", "-5")]
    [InlineData("--elements", "--elements")]
    [InlineData("--library", "--library")]
    [InlineData("'--gpu'", "--gpu", "0")]
    public void A_bad_argument_is_exit_code_2_with_a_message_naming_it(string named, params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(CudaProbe.BadArguments, code);
        Assert.Empty(output);
        Assert.Contains(named, error.Split('\n')[0]);
        Assert.Contains("usage: Eucaim.SampleJob cuda", error);
    }

    [Fact]
    public void Without_libcuda_it_says_the_driver_is_missing_and_exits_3_before_printing_anything_gpu_check_reads()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-driver-{Guid.NewGuid():N}", "libcuda.so.1");
        var (code, output, error) = Run(["--library", missing]);
        Assert.Equal(CudaProbe.NoDriver, code);
        Assert.Empty(output);
        Assert.Equal($"cuda: cannot load {missing}: the NVIDIA driver is not installed on this machine, or this process cannot see it "
            + "(a container started without the NVIDIA container runtime).", error.Trim());
    }

    [Fact]
    public void With_a_driver_it_lists_each_device_runs_the_kernel_on_each_and_writes_the_same_lines_to_its_output()
    {
        var output = Directory.CreateTempSubdirectory("eucaim-cuda-output-").FullName;
        try
        {
            var (code, printed, error) = Run(["--elements", "100003", "--library", FakeCudaLibrary.Path], output);
            Assert.True(code == CudaProbe.Succeeded, error);
            var lines = printed.TrimEnd().Split('\n');
            Assert.Equal(["cuda_driver_version=13.0", "cuda_device_count=2"], lines[..2]);
            Assert.Equal("uuid=GPU-a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf", lines[2]);
            Assert.Equal("name=Fake GPU 0 memory_gib=80 compute_capability=9.0 ordinal=0", lines[3]);
            Assert.StartsWith("kernel_ok=true kernel=saxpy a=2.5 elements=100003 mismatches=0 sum=", lines[4]);
            Assert.Equal("uuid=GPU-b0b1b2b3-b4b5-b6b7-b8b9-babbbcbdbebf", lines[5]);
            Assert.StartsWith("kernel_ok=true", lines[7]);
            Assert.Equal(8, lines.Length);
            Assert.Equal(printed, File.ReadAllText(Path.Combine(output, "cuda.txt")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void A_device_uuid_is_spelled_as_nvidia_smi_spells_it()
    {
        byte[] uuid = [0x3c, 0x2e, 0x0f, 0x55, 0x71, 0x0b, 0x4b, 0x9e, 0x8c, 0x2d, 0xe0, 0x1f, 0x7a, 0x64, 0x90, 0xab];
        Assert.Equal("GPU-3c2e0f55-710b-4b9e-8c2d-e01f7a6490ab", CudaProbe.FormatUuid(uuid));
    }

    [Fact]
    public void The_check_on_the_cpu_finds_a_single_wrong_element_and_names_it()
    {
        var x = SaxpyKernel.X(5000);
        var y = SaxpyKernel.Y(5000);
        var computed = x.Zip(y, (a, b) => MathF.FusedMultiplyAdd(SaxpyKernel.A, a, b)).ToArray();
        Assert.Equal((true, 0), (SaxpyKernel.Verify(x, y, computed).Ok, SaxpyKernel.Verify(x, y, computed).Mismatches));

        // One unit in the last place: a GPU that rounded a·x and then added (no fused multiply-add) would differ like this.
        computed[4321] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(computed[4321]) + 1);
        var wrong = SaxpyKernel.Verify(x, y, computed);
        Assert.Equal((false, 1, 4321), (wrong.Ok, wrong.Mismatches, wrong.FirstMismatch));
        Assert.Contains(" first_mismatch=4321 gpu=", wrong.ToLine());
        Assert.StartsWith("kernel_ok=false kernel=saxpy", wrong.ToLine());
    }

    private static (int Code, string Output, string Error) Run(string[] args, string? outputFolder = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CudaProbe.Run(args, output, error, outputFolder);
        return (code, output.ToString().Replace("\r", "", StringComparison.Ordinal), error.ToString());
    }
}
