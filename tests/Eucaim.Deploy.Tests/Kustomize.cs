using System.Diagnostics;
using System.Text.RegularExpressions;
using Eucaim.Tenants.Tests;

namespace Eucaim.Deploy.Tests;

/// <summary>Renders a Kustomize tree under <c>deploy/</c> with <c>kubectl kustomize</c>, the way an operator does.</summary>
internal static partial class Kustomize
{
    /// <summary>The trees that must render on a fresh clone.</summary>
    public static readonly string[] Trees = ["base", "overlays/try", "overlays/production", Node];

    /// <summary>A hospital's federated node: the platform without the portal, its Workers linked to the hub.</summary>
    public const string Node = "overlays/node";

    /// <summary>
    /// The trees that run the portal. A federated node runs none (people use the hub's portal; the node's
    /// Api is for the hospital's data holders), so the portal's own tests skip it, and NodeTests checks
    /// that nothing of the portal is left in it.
    /// </summary>
    public static readonly string[] PortalTrees = [.. Trees.Where(HasPortal)];

    public static bool HasPortal(string tree) => tree != Node;

    public static string DeployRoot { get; } = Path.Combine(TestTenants.RepositoryRoot, "deploy");

    private static readonly Dictionary<string, Lazy<Task<RenderedTree>>> Cache =
        Trees.ToDictionary(t => t, t => new Lazy<Task<RenderedTree>>(() => RenderDirectoryAsync(Path.Combine(DeployRoot, t))));

    /// <summary>A tree of the repository (rendered once per test run).</summary>
    public static Task<RenderedTree> RenderAsync(string tree) => Cache[tree].Value;

    public static async Task<RenderedTree> RenderDirectoryAsync(string directory)
    {
        var (exitCode, output, error) = await RunKubectlAsync(["kustomize", directory]);
        Assert.True(exitCode == 0, $"kubectl kustomize {directory} failed:\n{error}");
        return RenderedTree.Parse(output);
    }

    /// <summary>
    /// The stream as the API server reads it. kubectl wraps long base64 values of generated Secrets over
    /// several lines; the API server's base64 decoding skips line breaks, the offline schema's "byte"
    /// format does not, so they are joined before validation.
    /// </summary>
    public static string JoinWrappedBase64(string yaml) =>
        WrappedBase64().Replace(yaml, m => m.Groups["key"].Value + string.Concat(m.Groups["line"].Captures.Select(c => c.Value)) + "\n");

    private static async Task<(int ExitCode, string Output, string Error)> RunKubectlAsync(IReadOnlyList<string> arguments)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("kubectl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("kubectl is not installed: the deploy tests render deploy/ with `kubectl kustomize`. Install it (apt-get install kubectl); ./dev test does.");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
    }

    [GeneratedRegex(@"(?<key>^  [A-Za-z0-9._-]+: )\|\n(?:    (?<line>[A-Za-z0-9+/=]+)\n)+", RegexOptions.Multiline)]
    private static partial Regex WrappedBase64();
}
