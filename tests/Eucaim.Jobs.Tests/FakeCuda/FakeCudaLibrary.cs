using System.Diagnostics;

namespace Eucaim.Jobs.Tests.FakeCuda;

/// <summary>
/// <c>fake_libcuda.c</c> built once per test run with the machine's C compiler (./dev test installs gcc),
/// so that the sample's CUDA mode runs its real driver bindings on machines without a GPU.
/// </summary>
internal static class FakeCudaLibrary
{
    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The path of the built library, named as the real one.</summary>
    public static string Path => Built.Value;

    private static string Build()
    {
        var folder = Directory.CreateTempSubdirectory("eucaim-fake-cuda-").FullName;
        var library = System.IO.Path.Combine(folder, "libcuda.so.1");
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "FakeCuda", "fake_libcuda.c");
        using var compiler = Process.Start(new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", library, source, "-lm"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("cc did not start.");
        var errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        return compiler.ExitCode == 0 ? library : throw new InvalidOperationException($"cc could not build the fake libcuda: {errors}");
    }
}
