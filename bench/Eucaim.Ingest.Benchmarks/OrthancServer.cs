using System.Diagnostics;
using System.Text.Json;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>
/// Orthanc (the Debian <c>orthanc</c> package's server binary) started by the benchmark on a loopback port with its
/// own storage and index folder, no DICOM listener, no plugins and no authentication; its log goes to a file.
/// </summary>
internal sealed class OrthancServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private OrthancServer(Process process, StreamWriter log, Uri address)
    {
        _process = process;
        _log = log;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public string Version { get; private set; } = "";

    public static async Task<OrthancServer> StartAsync(string executable, string folder)
    {
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Orthanc was not found at {executable}: install the Debian package with 'apt-get install -y orthanc' " +
                "(the benchmark starts its own server; the system service is not needed), or name the binary with --orthanc PATH.");
        }

        Directory.CreateDirectory(folder);
        var port = LoopbackPorts.Free();
        var config = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Name"] = "eucaim-ingest-bench",
            ["StorageDirectory"] = Path.Combine(folder, "storage"),
            ["IndexDirectory"] = Path.Combine(folder, "index"),
            ["HttpPort"] = port,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomServerEnabled"] = false,
            ["Plugins"] = Array.Empty<string>(),
        }));

        var start = new ProcessStartInfo(executable, [config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var log = new StreamWriter(Path.Combine(folder, "orthanc.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OrthancServer(process, log, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitUntilAnsweringAsync(Path.Combine(folder, "orthanc.log"));
        return server;
    }

    /// <summary>Deletes every patient, so that the next round stores the same instances afresh.</summary>
    public async Task ClearAsync()
    {
        var patients = JsonDocument.Parse(await Client.GetStringAsync("patients")).RootElement;
        foreach (var patient in patients.EnumerateArray())
        {
            (await Client.DeleteAsync($"patients/{patient.GetString()}")).EnsureSuccessStatusCode();
        }
    }

    public async Task<long> InstanceCountAsync() =>
        JsonDocument.Parse(await Client.GetStringAsync("statistics")).RootElement.GetProperty("CountInstances").GetInt64();

    private async Task WaitUntilAnsweringAsync(string logFile)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Orthanc exited with code {_process.ExitCode} at start-up; its log is {logFile}.");
            }

            try
            {
                var system = JsonDocument.Parse(await Client.GetStringAsync("system")).RootElement;
                Version = system.GetProperty("Version").GetString() ?? "";
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
