using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Eucaim.Core.Storage;
using Eucaim.Tenants.Tests;

namespace Eucaim.Jobs.Tests;

/// <summary>A real blob store for the backend tests: tools/azurite (npm) on a free port, with the platform's containers, in a temp folder.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"eucaim-jobs-azurite-{Guid.NewGuid():N}");
    private Process? _process;

    public BlobServiceClient Blobs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var tool = Path.Combine(TestTenants.RepositoryRoot, "tools", "azurite");
        var bin = Path.Combine(tool, "node_modules", ".bin", "azurite-blob");
        Assert.True(File.Exists(bin), $"Run `npm ci` in {tool} first (./dev test does).");
        var port = FreePort();
        Directory.CreateDirectory(_folder);
        _process = Process.Start(new ProcessStartInfo(bin, ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", _folder, "--skipApiVersionCheck", "--loose", "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = tool,
        })!;
        Blobs = new BlobServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                foreach (var container in BlobContainers.All)
                {
                    await Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
                }

                return;
            }
            catch (Exception) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
