using System.Globalization;

namespace Eucaim.SampleJob.Cuda;

/// <summary>
/// <c>Eucaim.SampleJob cuda [--elements N] [--library PATH]</c>: what CUDA shows this process, through
/// the driver API alone (no toolkit, no PyTorch), and a kernel run on each visible device. Prints
/// <c>cuda_device_count=N</c>, then per device <c>uuid=GPU-…</c>, <c>name=…</c> and <c>kernel_ok=true|false …</c>
/// (the lines <c>Eucaim.Workers gpu-check</c> reads), and writes the same to <c>cuda.txt</c> in the job's
/// output folder when it has one. Exit 0 when every kernel computed the CPU's result (or no device is
/// visible), 1 when one did not or a CUDA call failed, 2 for bad arguments, 3 when libcuda is missing.
/// </summary>
internal static class CudaProbe
{
    public const int Succeeded = 0;
    public const int KernelFailed = 1;
    public const int BadArguments = 2;
    public const int NoDriver = 3;

    /// <summary>16 Mi floats: 64 MiB per array, enough to spread over every multiprocessor, small enough for any GPU.</summary>
    public const int DefaultElements = 1 << 24;

    public const int MaxElements = 1 << 28;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string? outputFolder)
    {
        if (!TryParse(args, out var elements, out var library, out var problem))
        {
            error.WriteLine($"cuda: {problem}");
            error.WriteLine($"usage: Eucaim.SampleJob cuda [--elements 1..{MaxElements}] [--library <path of libcuda>]");
            return BadArguments;
        }

        if (!CudaDriver.TryLoad(library, out var driver, out var loadError))
        {
            error.WriteLine($"cuda: {loadError}");
            return NoDriver;
        }

        var report = new StringWriter(CultureInfo.InvariantCulture);
        int code;
        using (driver)
        {
            code = Probe(driver, elements, line =>
            {
                output.WriteLine(line);
                report.WriteLine(line);
            }, error);
        }

        if (!string.IsNullOrEmpty(outputFolder))
        {
            Directory.CreateDirectory(outputFolder);
            File.WriteAllText(Path.Combine(outputFolder, "cuda.txt"), report.ToString());
        }

        return code;
    }

    public static bool TryParse(IReadOnlyList<string> args, out int elements, out string library, out string? problem)
    {
        elements = DefaultElements;
        library = CudaDriver.DefaultLibrary;
        problem = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--elements" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxElements:
                    elements = n;
                    i++;
                    break;
                case "--elements":
                    problem = $"--elements must be a whole number from 1 to {MaxElements}, not '{value}'.";
                    return false;
                case "--library" when !string.IsNullOrWhiteSpace(value):
                    library = value;
                    i++;
                    break;
                case "--library":
                    problem = "--library needs the path of libcuda.";
                    return false;
                default:
                    problem = $"unknown argument '{args[i]}'.";
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// nvidia-smi's spelling of a device UUID (<c>GPU-</c> and the 16 bytes as 8-4-4-4-12 hex digits), so that
    /// gpu-check can compare what a job saw with what nvidia-smi lists.
    /// </summary>
    public static string FormatUuid(ReadOnlySpan<byte> uuid)
    {
        var hex = Convert.ToHexStringLower(uuid);
        return $"GPU-{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static int Probe(CudaDriver driver, int elements, Action<string> print, TextWriter error)
    {
        var init = driver.Init();
        if (init == CudaDriver.NoDevice)
        {
            // CUDA_VISIBLE_DEVICES hides every device (a CPU flavor's job): an answer, not a failure.
            print("cuda_device_count=0");
            return Succeeded;
        }

        if (init != 0)
        {
            error.WriteLine($"cuda: cuInit failed: {driver.Describe(init)}");
            return KernelFailed;
        }

        try
        {
            var version = driver.DriverVersion();
            var count = driver.DeviceCount();
            print(string.Create(CultureInfo.InvariantCulture, $"cuda_driver_version={version / 1000}.{version % 1000 / 10}"));
            print(string.Create(CultureInfo.InvariantCulture, $"cuda_device_count={count}"));
            var code = Succeeded;
            for (var ordinal = 0; ordinal < count; ordinal++)
            {
                var device = driver.Device(ordinal);
                var (major, minor) = driver.ComputeCapability(device);
                print($"uuid={FormatUuid(driver.Uuid(device))}");
                print(string.Create(CultureInfo.InvariantCulture,
                    $"name={driver.Name(device)} memory_gib={driver.TotalMemory(device) / (double)(1L << 30):F0} compute_capability={major}.{minor} ordinal={ordinal}"));
                var result = RunKernel(driver, device, elements, error);
                print(result);
                code = result.StartsWith("kernel_ok=true", StringComparison.Ordinal) ? code : KernelFailed;
            }

            return code;
        }
        catch (CudaException ex)
        {
            error.WriteLine($"cuda: {ex.Message}");
            return KernelFailed;
        }
    }

    private static string RunKernel(CudaDriver driver, int device, int elements, TextWriter error)
    {
        try
        {
            return SaxpyKernel.Run(driver, device, elements).ToLine();
        }
        catch (CudaException ex)
        {
            error.WriteLine($"cuda: {ex.Message}");
            return $"kernel_ok=false kernel={SaxpyKernel.EntryName} error={ex.Call}";
        }
    }
}
