using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Eucaim.AppHost.Infrastructure;

/// <summary>
/// Everything the local topology decides before the model is built: container or process mode,
/// where local state lives, which ports to use. Deciding first matters: a container resource added
/// on a machine without a container engine waits forever.
/// </summary>
internal sealed class LocalPlatform
{
    public const string LocalComputeBackend = "Local";

    private const string KubernetesComputeBackend = "Kubernetes";

    private LocalPlatform(InfrastructureMode mode, string repositoryRoot, string stateDirectory, PlatformPorts ports, string computeBackend, bool publishing)
    {
        Mode = mode;
        Publishing = publishing;
        ComputeBackend = computeBackend;
        RepositoryRoot = repositoryRoot;
        StateDirectory = stateDirectory;
        Ports = ports;
    }

    public InfrastructureMode Mode { get; }

    /// <summary>
    /// The AppHost only writes its application manifest (<c>--operation publish --step publish-manifest</c>):
    /// nothing is started, so local prerequisites (free ports, npm packages, PostgreSQL binaries) are not checked.
    /// </summary>
    public bool Publishing { get; }

    public string RepositoryRoot { get; }

    /// <summary>The one git-ignored folder holding all local state; deleting it resets the platform.</summary>
    public string StateDirectory { get; }

    public PlatformPorts Ports { get; }

    /// <summary>Where the Workers run tenants and jobs: <c>Local</c> or <c>Kubernetes</c> (<c>Eucaim:Compute:Backend</c>).</summary>
    public string ComputeBackend { get; }

    public string ToolsDirectory => Path.Combine(RepositoryRoot, "tools");

    /// <summary>
    /// <c>Eucaim:DirectEndpoints</c> (off unless set; the ingest benchmark sets it): the Api, the Workers, the portal,
    /// Azurite and PostgreSQL listen on their ports themselves, as in a deployment, instead of behind DCP's endpoint
    /// proxy, which copies every byte once more. Off by default because the proxy is what keeps a process left
    /// behind by an AppHost killed hard from answering in the new one's place, and what Aspire.Hosting.Testing
    /// randomises ports on.
    /// </summary>
    public bool DirectEndpoints { get; private init; }

    public static LocalPlatform Prepare(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var state = config["Eucaim:StateDirectory"];
        var stateDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(state) ? Path.Combine(repositoryRoot, ".local") : state);
        Directory.CreateDirectory(stateDirectory);

        var ports = new PlatformPorts();
        config.GetSection("Eucaim:Ports").Bind(ports);

        var mode = ResolveMode(config["Eucaim:Infrastructure"]);
        var platform = new LocalPlatform(mode, repositoryRoot, stateDirectory, ports, ResolveComputeBackend(config["Eucaim:Compute:Backend"]), builder.ExecutionContext.IsPublishMode)
        {
            DirectEndpoints = config.GetValue<bool>("Eucaim:DirectEndpoints"),
        };

        // Under Aspire.Hosting.Testing every port is randomised, so fixed ports cannot collide; publishing
        // the manifest starts nothing, so it may run beside ./dev up.
        if (!config.GetValue<bool>("DcpPublisher:RandomizePorts") && !platform.Publishing)
        {
            platform.EnsurePortsAreFree();
        }

        return platform;
    }

    public string StatePath(params string[] parts) => Path.Combine([StateDirectory, .. parts]);

    /// <summary>Reads a generated secret from local state, creating it on first use.</summary>
    public string LocalSecret(string name)
    {
        var path = StatePath("secrets", name);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>
    /// The path of a generated ES256 private key (PEM) in local state, created on first use, beside its
    /// public key (<see cref="LocalPublicKey"/>): the federation keys of the hub and of each dev node.
    /// </summary>
    public string LocalSigningKey(string name)
    {
        var path = StatePath("secrets", $"{name}.pem");
        var publicPath = StatePath("secrets", $"{name}.pub.pem");
        if (!File.Exists(path) || !File.Exists(publicPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem());
        }

        return path;
    }

    /// <summary>The public half of <see cref="LocalSigningKey"/>, which the other side of the federation link is given.</summary>
    public string LocalPublicKey(string name)
    {
        LocalSigningKey(name);
        return StatePath("secrets", $"{name}.pub.pem");
    }

    /// <summary>Fails with one actionable line when the npm packages of a tool are not installed.</summary>
    public string NodeTool(string tool, string entryPoint)
    {
        var folder = Path.Combine(ToolsDirectory, tool);
        if (!Publishing && !File.Exists(Path.Combine(folder, entryPoint)))
        {
            throw new PlatformSetupException(
                $"npm packages of tools/{tool} are missing: run 'npm ci --prefix tools/{tool}' (./dev up does this for you).");
        }

        return folder;
    }

    private static InfrastructureMode ResolveMode(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        "containers" => InfrastructureMode.Containers,
        "processes" => InfrastructureMode.Processes,
        null or "" or "auto" => ContainerRuntimeAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Processes,
        _ => throw new PlatformSetupException(
            $"Eucaim:Infrastructure is '{configured}'; use 'auto', 'containers' or 'processes'."),
    };

    private static string ResolveComputeBackend(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        null or "" or "local" => LocalComputeBackend,
        "kubernetes" => KubernetesComputeBackend,
        _ => throw new PlatformSetupException(
            $"Eucaim:Compute:Backend is '{configured}'; use 'Local' or 'Kubernetes'."),
    };

    private static bool ContainerRuntimeAnswers() => CommandSucceeds("docker", "info") || CommandSucceeds("podman", "info");

    private static bool CommandSucceeds(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            // `docker info` against a missing engine fails fast; a hung socket must not hang startup.
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private void EnsurePortsAreFree()
    {
        foreach (var (resource, port) in Ports.All)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
            catch (SocketException)
            {
                throw new PlatformSetupException(
                    $"Port {port} for '{resource}' is in use: stop whatever listens there (ss -ltnp 'sport = :{port}') or choose another with --Eucaim:Ports:{char.ToUpperInvariant(resource[0])}{resource[1..]}=<port>.");
            }
        }
    }
}
