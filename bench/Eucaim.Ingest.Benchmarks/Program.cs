using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Ingest.Benchmarks;
using Eucaim.Platform.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Starts Orthanc and the whole AppHost (PostgreSQL, Azurite, dev LS Login, api, workers) in temporary folders,
// then measures, in one run:
//  1. upload throughput of the same bytes through the API's tus endpoint and straight to Azurite with the Azure SDK,
//     and the API's working set while it receives them;
//  2. ingest of one synthetic CT series through tus (a zip), STOW-RS (1 and 50 instances per request) and Orthanc's
//     REST API, alternating, each from the first byte sent to every instance indexed, with the CPU seconds spent.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception problem) when (problem is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"eucaim-ingest-bench: {problem.Message}");
    return 2;
}

var state = Path.Combine(Path.GetTempPath(), $"eucaim-ingest-bench-{Guid.NewGuid():N}");
var work = Path.Combine(Path.GetTempPath(), $"eucaim-ingest-bench-files-{Guid.NewGuid():N}");
Directory.CreateDirectory(work);
Console.WriteLine($"Eucaim ingest benchmark — {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

// Orthanc first: without it the comparison cannot run, so say so before the platform takes a minute to start.
OrthancServer? orthanc = null;
if (options.Ingest)
{
    try
    {
        orthanc = await OrthancServer.StartAsync(options.Orthanc, Path.Combine(work, "orthanc"));
    }
    catch (InvalidOperationException problem)
    {
        Console.Error.WriteLine($"eucaim-ingest-bench: {problem.Message}");
        TryDelete(work);
        return 2;
    }

    Console.WriteLine($"Orthanc {orthanc.Version} on {orthanc.Address} (storage in {work}/orthanc)");
}

// The platform's processes listen on their ports themselves, as in a deployment: DCP's endpoint proxy would copy
// every uploaded and stored byte once more on the same two cores. Direct endpoints are not randomised: free ones here.
string[] direct = ["--Eucaim:DirectEndpoints=true", .. new[] { "Api", "Workers", "Web", "Postgres", "Azurite" }.Select(p => $"--Eucaim:Ports:{p}={LoopbackPorts.Free()}")];
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Eucaim_AppHost>(
    [$"--Eucaim:StateDirectory={state}", .. direct], (o, _) => o.DisableDashboard = true);

// Figures only: the resources' console output (PostgreSQL logs to stderr, which the host reports as errors), the
// health checks that fail while the platform starts and the host's information logs would drown them. A platform
// that does not start still fails the run, from StartAsync or the health waits below.
builder.Services.AddLogging(logging => logging
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Eucaim.AppHost.Resources", LogLevel.None)
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
    .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error)
    .AddFilter("Aspire.Hosting.DistributedApplication", LogLevel.Warning)
    .AddFilter("System.Net.Http", LogLevel.Warning));
await using var app = await builder.BuildAsync();
try
{
    using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
    {
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("workers", timeout.Token);
    }

    var token = await new DevLsLogin(app).AccessTokenAsync("hugo");
    // A plain client: the service-defaults client logs every request and adds resilience timeouts and retries.
    using var api = new HttpClient { BaseAddress = app.GetEndpoint("api", "http"), Timeout = Timeout.InfiniteTimeSpan };
    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var blobs = new BlobServiceClient(await app.GetConnectionStringAsync("blobs"));

    if (options.Upload)
    {
        await UploadBenchmarkAsync(app, api, blobs, await IngestPaths.Platform.CreateDatasetAsync(api), options, work);
    }

    if (orthanc is not null)
    {
        Console.WriteLine($"\nIngest: generating the {options.Instances}-instance 512×512 CT series{(options.NoiseBits > 0 ? $" with {options.NoiseBits} noise bits a pixel" : "")}");
        var series = SeriesUnderTest.Generate(work, options.Instances, options.NoiseBits);
        var warmup = options.Warmup > 0 ? SeriesUnderTest.Generate(Path.Combine(work, "warmup"), options.Warmup, options.NoiseBits) : null;
        await new IngestComparison(api, orthanc, series, warmup, options).RunAsync();
    }
}
finally
{
    await app.StopAsync();
    if (orthanc is not null)
    {
        await orthanc.DisposeAsync();
    }

    TryDelete(state);
    TryDelete(work);
}

return 0;

static async Task UploadBenchmarkAsync(DistributedApplication app, HttpClient api, BlobServiceClient blobs, Guid dataset, BenchOptions options, string work)
{
    var length = (long)options.UploadMegabytes * 1024 * 1024;
    var file = Path.Combine(work, "upload.bin");
    await WriteRandomFileAsync(file, length);
    var pid = await ApiProcessIdAsync(app);
    Console.WriteLine($"\nUpload: {length / (1024 * 1024)} MiB file, API process {pid} ({File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()})");
    var quarantine = blobs.GetBlobContainerClient("quarantine");
    var direct = new List<double>();
    var through = new List<double>();
    for (var round = 1; round <= options.Rounds; round++)
    {
        // Azure SDK straight to Azurite, its default parallel block upload.
        var name = $"bench/direct-{Guid.NewGuid():N}";
        var watch = Stopwatch.StartNew();
        await using (var source = File.OpenRead(file))
        {
            await quarantine.GetBlobClient(name).UploadAsync(source, new BlobUploadOptions());
        }

        direct.Add(length / watch.Elapsed.TotalSeconds);
        await quarantine.DeleteBlobIfExistsAsync(name);

        // Through the API: tus, one PATCH per 1 GiB chunk, into an ingest session that is never completed.
        var session = await IngestPaths.Platform.OpenSessionAsync(api, dataset);
        var location = await IngestPaths.Platform.CreateUploadAsync(api, dataset, length, session, "bench.bin");
        long peak;
        long baseline;
        watch.Restart();
        await using (var memory = new ProcessMemory(pid))
        {
            await using var source = File.OpenRead(file);
            const long chunk = 1L << 30;
            for (long offset = 0; offset < length; offset += chunk)
            {
                var size = Math.Min(chunk, length - offset);
                using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StreamContent(new SliceStream(source, size), 1 << 20) };
                request.Headers.Add("Tus-Resumable", "1.0.0");
                request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
                request.Content.Headers.ContentLength = size;
                var response = await api.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.NoContent)
                {
                    throw new InvalidOperationException($"PATCH at {offset}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }

            through.Add(length / watch.Elapsed.TotalSeconds);
            peak = memory.Peak;
            baseline = memory.Baseline;
        }

        var view = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement;
        Console.WriteLine($"  round {round}: direct {Mb(direct[^1]),7:F1} MB/s   through API {Mb(through[^1]),7:F1} MB/s   ratio {through[^1] / direct[^1]:F2}   " +
            $"API working set {baseline / 1048576.0:F0} MiB before, peak {peak / 1048576.0:F0} MiB during   upload state {view.GetProperty("state").GetString()}");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, location);
        delete.Headers.Add("Tus-Resumable", "1.0.0");
        await api.SendAsync(delete);
    }

    Console.WriteLine($"Upload throughput: direct {Mb(direct.Average()):F1} MB/s, through the API {Mb(through.Average()):F1} MB/s, ratio {through.Average() / direct.Average():F2} (goal ≥ 0.8)");
    File.Delete(file);
}

static async Task WriteRandomFileAsync(string path, long length)
{
    var block = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
    await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
    for (long written = 0; written < length; written += block.Length)
    {
        // Vary each block so that nothing downstream can deduplicate.
        BitConverter.TryWriteBytes(block, written);
        await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - written)));
    }
}

// The API process itself: Aspire starts `dotnet run`, whose child runs Eucaim.Api. Endpoints are proxied, so the
// process is recognised by this run's database port in its connection string (ports are random per run).
static async Task<int> ApiProcessIdAsync(DistributedApplication app)
{
    var database = await app.GetConnectionStringAsync("eucaim") ?? "";
    var port = database.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("Port=", StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException("The database connection string names no port.");
    var candidates = new List<(int Pid, long Rss)>();
    foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
    {
        try
        {
            var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            // The application, not the `dotnet run` launcher (whose command line names the project file).
            if ((cmdline.Contains("Eucaim.Api.dll", StringComparison.Ordinal) || cmdline.Contains("/Eucaim.Api\0", StringComparison.Ordinal) || cmdline.EndsWith("/Eucaim.Api\0", StringComparison.Ordinal))
                && !cmdline.Contains("Eucaim.Api.csproj", StringComparison.Ordinal)
                && File.ReadAllText(Path.Combine(dir, "environ")).Contains($"{port};", StringComparison.OrdinalIgnoreCase))
            {
                var pid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                candidates.Add((pid, ProcessMemory.ResidentBytes(pid)));
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    return candidates.Count > 0
        ? candidates.MaxBy(c => c.Rss).Pid
        : throw new InvalidOperationException($"No Eucaim.Api process with {port} in its environment was found.");
}

static double Mb(double bytesPerSecond) => bytesPerSecond / 1_000_000;

static void TryDelete(string path)
{
    try
    {
        Directory.Delete(path, recursive: true);
    }
    catch (IOException)
    {
    }
}
