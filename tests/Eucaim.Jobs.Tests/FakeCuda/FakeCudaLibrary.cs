using System.Diagnostics;
using System.Security.Cryptography;

namespace Eucaim.Jobs.Tests.FakeCuda;

/// <summary>
/// <c>fake_libcuda.c</c> built once per version of it with the machine's C compiler (./dev test installs gcc),
/// so that the sample's CUDA mode runs its real driver bindings on machines without a GPU.
/// </summary>
internal static class FakeCudaLibrary
{
    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The path of the built library, named as the real one.</summary>
    public static string Path => Built.Value;

    private static string Build()
    {
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "FakeCuda", "fake_libcuda.c");
        // One build per version of the source, kept between runs; a concurrent run compiles its own copy and renames it into place.
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)))[..16];
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"eucaim-fake-cuda-{hash}")).FullName;
        var library = System.IO.Path.Combine(folder, "libcuda.so.1");
        if (File.Exists(library))
        {
            return library;
        }

        var building = $"{library}.{Environment.ProcessId}";
        using var compiler = Process.Start(new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", building, source, "-lm"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("cc did not start.");
        var errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        if (compiler.ExitCode != 0)
        {
            throw new InvalidOperationException($"cc could not build the fake libcuda: {errors}");
        }

        File.Move(building, library, overwrite: true);
        return library;
    }
}
