using System.Diagnostics;
using System.Text;

namespace Eucaim.Dicom.Tests.Infrastructure;

/// <summary>Runs the reference tools (dcmtk's dcmdump, dicom3tools' dciodvfy); a missing tool fails the test with the package to install.</summary>
public static class ExternalTool
{
    public static string Dcmdump => Require("dcmdump", "dcmtk");

    public static string Dciodvfy => Require("dciodvfy", "dicom3tools");

    public static ToolResult Run(string executable, IEnumerable<string> arguments, Encoding? outputEncoding = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = outputEncoding ?? Encoding.Latin1,
            StandardErrorEncoding = outputEncoding ?? Encoding.Latin1,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout, stderr.Result);
    }

    private static string Require(string name, string package)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        Assert.Fail($"'{name}' was not found on PATH; install Debian's {package} package (apt-get install {package}).");
        return name;
    }
}

public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
