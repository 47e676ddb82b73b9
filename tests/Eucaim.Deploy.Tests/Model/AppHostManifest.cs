using System.Text.Json;
using System.Text.RegularExpressions;
using Eucaim.Deploy.Tests.Images;

namespace Eucaim.Deploy.Tests.Model;

/// <summary>
/// The AppHost's application manifest (Aspire's manifest publisher, aspire-manifest.json) and the
/// platform services it describes: its <c>project.v0</c> resources. Its other resources (postgres,
/// azurite, lslogin, parameters, connection strings) are the backing services, which deploy/base
/// expects from outside (managed services in production, overlays/try in a try-out cluster).
/// </summary>
internal static partial class AppHostManifest
{
    /// <summary>
    /// Runs the built AppHost with the manifest publisher:
    /// <c>Eucaim.AppHost --operation publish --step publish-manifest --output-path …</c>, in process
    /// mode (no container engine needed) with a throw-away state folder. Nothing is started.
    /// </summary>
    public static async Task<string> PublishAsync(string folder)
    {
        var appHost = AppHostAssembly();
        Assert.True(File.Exists(appHost), $"{appHost} is missing: build tests/Eucaim.Deploy.Tests (it builds the AppHost).");
        var run = await Tool.RunAsync("dotnet",
            [
                appHost, "--operation", "publish", "--step", "publish-manifest", "--output-path", folder,
                "--Eucaim:Infrastructure=processes", $"--Eucaim:StateDirectory={Path.Combine(folder, "state")}",
            ],
            TimeSpan.FromMinutes(2));
        var manifest = Path.Combine(folder, "aspire-manifest.json");
        Assert.True(run.Succeeded && File.Exists(manifest), run.ToString());
        return manifest;
    }

    /// <summary>The platform services of a manifest; <paramref name="repositoryOf"/> names the image of a project file.</summary>
    public static IReadOnlyList<ServiceShape> Services(string json, string manifestFolder, Func<string, string> repositoryOf)
    {
        using var document = JsonDocument.Parse(json);
        var services = new List<ServiceShape>();
        foreach (var resource in document.RootElement.GetProperty("resources").EnumerateObject())
        {
            if (resource.Value.GetProperty("type").GetString() != "project.v0")
            {
                continue;
            }

            var name = resource.Name;
            var project = Path.GetFullPath(Path.Combine(manifestFolder, resource.Value.GetProperty("path").GetString()!));
            var args = resource.Value.TryGetProperty("args", out var list)
                ? list.EnumerateArray().Select(a => a.GetString()!).ToList()
                : [];
            var variables = new Dictionary<string, Origin>(StringComparer.Ordinal);
            if (resource.Value.TryGetProperty("env", out var env))
            {
                foreach (var variable in env.EnumerateObject())
                {
                    var value = variable.Value.GetString() ?? "";
                    var source = ConnectionReference().Match(value) is { Success: true } reference ? reference.Groups[1].Value : value;
                    variables[variable.Name] = new Origin(source, new HashSet<string> { name });
                }
            }

            // Aspire also emits every connection string whose name has a dash under an underscore
            // alias (eucaim-service → eucaim_service) for platforms that reject dashes; the services read
            // the dashed name (ServiceRoleLogin.ConnectionName), so the alias is not part of the model.
            foreach (var alias in variables.Keys.Where(v => ServiceShape.IsConnection(v)).ToList())
            {
                var connection = alias[ServiceShape.ConnectionPrefix.Length..];
                if (connection.Contains('_', StringComparison.Ordinal)
                    && variables.ContainsKey(ServiceShape.ConnectionPrefix + connection.Replace('_', '-')))
                {
                    variables.Remove(alias);
                }
            }

            services.Add(new ServiceShape(name, repositoryOf(project), args, variables));
        }

        return services;
    }

    /// <summary>The ContainerRepository of a project file, as `dotnet publish /t:PublishContainer` names its image.</summary>
    public static async Task<string> ContainerRepositoryAsync(string project)
    {
        var run = await Tool.RunAsync("dotnet", ["msbuild", project, "-nologo", "-getProperty:ContainerRepository"], TimeSpan.FromMinutes(1));
        Assert.True(run.Succeeded, run.ToString());
        return run.Output.Trim();
    }

    private static string AppHostAssembly()
    {
        // This assembly is built to tests/Eucaim.Deploy.Tests/bin/<configuration>/<framework>/; the
        // AppHost, which the test project builds first, to Eucaim.AppHost/bin/<configuration>/<framework>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        return Tool.RepositoryPath("Eucaim.AppHost", "bin", configuration, framework, "Eucaim.AppHost.dll");
    }

    [GeneratedRegex(@"^\{([^.{}]+)\.connectionString\}$")]
    private static partial Regex ConnectionReference();
}
