using System.Diagnostics;
using System.Globalization;

namespace Eucaim.SampleJob.Cuda;

/// <summary>
/// <c>y = a·x + y</c> over a few million floats on one GPU, with the hand-written PTX of <c>saxpy.ptx</c>,
/// checked element by element against the CPU. Both sides use a fused multiply-add, rounded once, so
/// a correct GPU gives the CPU's result bit for bit.
/// </summary>
internal static unsafe class SaxpyKernel
{
    public const string EntryName = "saxpy";

    public const float A = 2.5f;

    public const uint ThreadsPerBlock = 256;

    /// <summary>The kernel's parameters, in the order and of the PTX types that <see cref="Run"/> passes them.</summary>
    public static IReadOnlyList<string> ParameterTypes { get; } = ["u32", "f32", "u64", "u64"];

    public static string Ptx { get; } = ReadPtx();

    public static float[] X(int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (i % 1000 * 0.25f) - 125f;
        }

        return x;
    }

    public static float[] Y(int n)
    {
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = (i % 7) + 0.5f;
        }

        return y;
    }

    /// <summary>Runs the kernel in a context of its own on <paramref name="device"/> and checks what comes back.</summary>
    public static SaxpyResult Run(CudaDriver driver, int device, int n)
    {
        var x = X(n);
        var y = Y(n);
        var bytes = (long)n * sizeof(float);
        var context = driver.CreateContext(device);
        try
        {
            var module = driver.LoadModule(Ptx);
            try
            {
                var function = driver.Function(module, EntryName);
                var deviceX = driver.Allocate(bytes);
                try
                {
                    var deviceY = driver.Allocate(bytes);
                    try
                    {
                        driver.CopyToDevice(deviceX, x);
                        driver.CopyToDevice(deviceY, y);
                        var count = (uint)n;
                        var a = A;
                        var parameters = stackalloc void*[] { &count, &a, &deviceX, &deviceY };
                        var blocks = (uint)((n + ThreadsPerBlock - 1) / ThreadsPerBlock);
                        var clock = Stopwatch.StartNew();
                        driver.Launch(function, blocks, ThreadsPerBlock, parameters);
                        driver.Synchronize();
                        var milliseconds = clock.Elapsed.TotalMilliseconds;
                        var computed = new float[n];
                        driver.CopyToHost(computed, deviceY);
                        return Verify(x, y, computed) with { KernelMilliseconds = milliseconds };
                    }
                    finally
                    {
                        driver.Free(deviceY);
                    }
                }
                finally
                {
                    driver.Free(deviceX);
                }
            }
            finally
            {
                driver.UnloadModule(module);
            }
        }
        finally
        {
            driver.DestroyContext(context);
        }
    }

    /// <summary>Compares <paramref name="computed"/> with the CPU's <c>a·x + y</c>, bit for bit.</summary>
    public static SaxpyResult Verify(float[] x, float[] y, float[] computed)
    {
        var mismatches = 0;
        var first = -1;
        var sum = 0.0;
        for (var i = 0; i < computed.Length; i++)
        {
            var expected = MathF.FusedMultiplyAdd(A, x[i], y[i]);
            sum += computed[i];
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(computed[i]))
            {
                mismatches++;
                first = first < 0 ? i : first;
            }
        }

        return new SaxpyResult(computed.Length, mismatches, first, first < 0 ? 0 : computed[first], first < 0 ? 0 : MathF.FusedMultiplyAdd(A, x[first], y[first]), sum, 0);
    }

    private static string ReadPtx()
    {
        using var stream = typeof(SaxpyKernel).Assembly.GetManifestResourceStream("Eucaim.SampleJob.Cuda.saxpy.ptx")
            ?? throw new InvalidOperationException("saxpy.ptx is not embedded in the sample.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>What the kernel computed: how many elements differ from the CPU's (the first of them, if any) and the sum of all.</summary>
internal sealed record SaxpyResult(int Elements, int Mismatches, int FirstMismatch, float GpuValue, float CpuValue, double Sum, double KernelMilliseconds)
{
    public bool Ok => Mismatches == 0;

    /// <summary>The <c>kernel_ok=…</c> line gpu-check reads.</summary>
    public string ToLine()
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"kernel_ok={(Ok ? "true" : "false")} kernel={SaxpyKernel.EntryName} a={SaxpyKernel.A} elements={Elements} mismatches={Mismatches} sum={Sum:R} kernel_ms={KernelMilliseconds:F3}");
        return Ok ? line : line + string.Create(CultureInfo.InvariantCulture, $" first_mismatch={FirstMismatch} gpu={GpuValue:R} cpu={CpuValue:R}");
    }
}
