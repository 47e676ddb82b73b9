using System.Diagnostics;

namespace Eucaim.Tenants.Tests;

/// <summary>Runs tools/k8s-validate (npm kubernetes-models) on a YAML stream: the Kubernetes schemas, offline.</summary>
internal static class K8sValidate
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string yaml)
    {
        var tool = Path.Combine(TestTenants.RepositoryRoot, "tools", "k8s-validate");
        Assert.True(Directory.Exists(Path.Combine(tool, "node_modules", "kubernetes-models")),
            $"Run `npm ci` in {tool} first (./dev test does).");
        var file = Path.Combine(Path.GetTempPath(), $"eucaim-manifests-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(tool, "validate.mjs"), file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = tool,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output + error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
