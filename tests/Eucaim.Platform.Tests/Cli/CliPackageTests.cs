using System.Diagnostics;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// The tool installs from the repository's own package output, as docs/cli.md says: dotnet pack,
/// dotnet tool install from that folder, then <c>eucaim --help</c> lists the commands and bash
/// completion works. No platform needed.
/// </summary>
public sealed class CliPackageTests
{
    [Fact]
    public async Task Eucaim_Cli_packs_installs_as_a_dotnet_tool_and_its_help_lists_the_commands()
    {
        var work = Directory.CreateTempSubdirectory("eucaim-cli-pack-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var tools = Path.Combine(work, "tools");
            var project = Path.Combine(SeededUsers.RepositoryRoot, "Eucaim.Cli", "Eucaim.Cli.csproj");

            await RunAsync("dotnet", ["pack", project, "-c", "Release", "-o", packages]);
            // The package dotnet tool install asks for, pointing at one per platform: ReadyToRun for Linux x64, framework-dependent for the rest.
            Assert.Equal(["Eucaim.Cli.0.1.0.nupkg", "Eucaim.Cli.any.0.1.0.nupkg", "Eucaim.Cli.linux-x64.0.1.0.nupkg"],
                Directory.GetFiles(packages, "Eucaim.Cli.*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal));
            // A packages folder of its own, so that a Eucaim.Cli of the same version installed earlier is not reused.
            await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources", "Eucaim.Cli"],
                ("NUGET_PACKAGES", Path.Combine(work, "nuget")));
            var help = await RunAsync(Path.Combine(tools, OperatingSystem.IsWindows() ? "eucaim.exe" : "eucaim"), ["--help"]);

            Assert.Contains("Usage:", help);
            string[] commands = ["login", "logout", "whoami", "search", "profile", "datasets", "check", "upload", "stow", "ingests", "access", "jobs",
                "outputs", "exports", "tenants", "federation", "node", "flavors", "images", "users", "completion"];
            foreach (var command in commands)
            {
                Assert.Matches($"(?m)^  {command}\\b", help);
            }

            if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
            {
                // What was installed here is the Linux x64 package, its code compiled ahead of time (ReadyToRun): no JIT at start-up.
                var installed = Assert.Single(Directory.GetFiles(Path.Combine(tools, ".store"), "eucaim.dll", SearchOption.AllDirectories));
                Assert.Contains($"{Path.DirectorySeparatorChar}linux-x64{Path.DirectorySeparatorChar}", installed);
                using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(installed));
                Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{installed} is not ReadyToRun");
            }

            // The installed tool completes itself in bash: the script asks `eucaim [suggest:…]`.
            var completed = await RunAsync("bash", ["-c", """
                source <(eucaim completion bash)
                COMP_LINE="eucaim search --mo"; COMP_POINT=${#COMP_LINE}; _eucaim_completions; printf '%s\n' "${COMPREPLY[@]}"
                COMP_LINE="eucaim data"; COMP_POINT=${#COMP_LINE}; _eucaim_completions; printf '%s\n' "${COMPREPLY[@]}"
                """], ("PATH", $"{tools}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}"));
            Assert.Equal(["--modality", "datasets"], completed.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            PlatformRun.DeleteState(work);
        }
    }

    private static async Task<string> RunAsync(string file, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var text = await output + await error;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{text}");
        return text;
    }
}
