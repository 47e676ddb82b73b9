using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Eucaim.Cli.Benchmarks;
using Eucaim.Platform.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The eucaim tool measured as people run it, a whole process each time, side by side with a baseline in the same run:
//  1. the pre-upload check of a folder of de-identified CT files, published ReadyToRun and plain (JIT), against dcmdump
//     reading the same files in one process;
//  2. an upload of a 2 GiB DICOM folder through the tool (check, pack, send, verify, close the session) against the
//     Azure SDK writing the same files straight to the same Azurite, with the tool's peak resident set.
var options = BenchOptions.Parse(args);
var work = Path.Combine(Path.GetTempPath(), $"eucaim-cli-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(work);
Console.WriteLine($"Eucaim CLI benchmark — {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
try
{
    var readyToRun = await PublishAsync(Path.Combine(work, "r2r"), readyToRun: true);
    var jit = await PublishAsync(Path.Combine(work, "jit"), readyToRun: false);
    if (options.Check)
    {
        await CheckBenchmarkAsync(readyToRun, jit, options, work);
    }

    if (options.Upload)
    {
        await UploadBenchmarkAsync(readyToRun, options, work);
    }
}
finally
{
    if (options.Keep)
    {
        Console.WriteLine($"Kept the published tools and the generated files in {work}.");
    }
    else
    {
        Directory.Delete(work, recursive: true);
    }
}

return 0;

static async Task<string> PublishAsync(string output, bool readyToRun)
{
    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "Eucaim.sln")))
    {
        root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run the benchmark from the repository: Eucaim.sln not found above it.");
    }

    string[] arguments = ["publish", Path.Combine(root, "Eucaim.Cli", "Eucaim.Cli.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q",
        .. readyToRun ? new[] { "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true" } : []];
    var run = await ToolProcess.RunAsync("dotnet", arguments);
    if (run.ExitCode != 0)
    {
        throw new InvalidOperationException($"dotnet publish failed:\n{run.Output}{run.Error}");
    }

    return Path.Combine(output, "eucaim");
}

static async Task CheckBenchmarkAsync(string readyToRun, string jit, BenchOptions options, string work)
{
    var folder = Path.Combine(work, "check");
    var files = CleanFolder.Write(folder, options.Files, seed: 1);
    Console.WriteLine($"\nCheck: {files.Count} de-identified 512×512 CT files ({files.Sum(f => new FileInfo(f).Length) / 1048576.0:F0} MiB), {options.Rounds} rounds, order rotated per round");
    var dcmdump = File.Exists("/usr/bin/dcmdump");
    var contenders = new List<(string Name, Func<Task<ToolRun>> Run)>
    {
        ("eucaim check (ReadyToRun)", () => ToolProcess.RunAsync(readyToRun, ["check", folder])),
        ("eucaim check (JIT)", () => ToolProcess.RunAsync(jit, ["check", folder])),
    };
    if (dcmdump)
    {
        // The shell only redirects; exec replaces it, so the time is dcmdump's. +sb stops before Pixel Data, -M skips long values.
        contenders.Add(("dcmdump -q +sb 7fe0,0010", () => ToolProcess.RunAsync("/bin/sh", ["-c", "exec /usr/bin/dcmdump \"$@\" > /dev/null 2>&1", "sh", "-q", "+sb", "7fe0,0010", .. files])));
        contenders.Add(("dcmdump -q -M", () => ToolProcess.RunAsync("/bin/sh", ["-c", "exec /usr/bin/dcmdump \"$@\" > /dev/null 2>&1", "sh", "-q", "-M", .. files])));
    }
    else
    {
        Console.WriteLine("dcmdump not found: install Debian's dcmtk package for the side-by-side figure.");
    }

    var times = contenders.ToDictionary(c => c.Name, _ => new List<double>());
    for (var round = 0; round < options.Rounds; round++)
    {
        for (var i = 0; i < contenders.Count; i++)
        {
            var (name, run) = contenders[(i + round) % contenders.Count];
            var result = await run();
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{name} exited {result.ExitCode}:\n{result.Error}");
            }

            times[name].Add(result.Elapsed.TotalSeconds);
        }
    }

    foreach (var (name, seconds) in times)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-28} median {Median(seconds):F3} s  {files.Count / Median(seconds),8:N0} files/s   (runs: {string.Join(' ', seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))})"));
    }

    if (dcmdump)
    {
        var reference = Math.Min(Median(times["dcmdump -q +sb 7fe0,0010"]), Median(times["dcmdump -q -M"]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Check as a whole process / dcmdump (the faster way): ReadyToRun {reference / Median(times["eucaim check (ReadyToRun)"]):F2}x, JIT {reference / Median(times["eucaim check (JIT)"]):F2}x (goal > 1x)"));
    }
}

static async Task UploadBenchmarkAsync(string tool, BenchOptions options, string work)
{
    var folder = Path.Combine(work, "upload", "CT-export");
    var count = (int)Math.Ceiling(options.UploadMegabytes * 1048576.0 / 525_000);
    Console.WriteLine($"\nUpload: generating {count} de-identified 512×512 CT files");
    var files = CleanFolder.Write(folder, count, seed: 2);
    var bytes = files.Sum(f => new FileInfo(f).Length);

    var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Eucaim_AppHost>(
        [$"--Eucaim:StateDirectory={Path.Combine(work, "state")}"], (o, _) => o.DisableDashboard = true);
    builder.Services.AddLogging(logging => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Eucaim.AppHost.Resources", LogLevel.None)
        .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
        .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error)
        .AddFilter("System.Net.Http", LogLevel.Warning));
    await using var app = await builder.BuildAsync();
    using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
    {
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("workers", timeout.Token);
    }

    var platform = app.GetEndpoint("api", "http");
    using var api = new HttpClient { BaseAddress = platform, Timeout = Timeout.InfiniteTimeSpan };
    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await new DevLsLogin(app).AccessTokenAsync("hugo"));
    var dataset = await CreateDatasetAsync(api);
    var environment = new Dictionary<string, string>
    {
        ["EUCAIM_CONFIG_DIR"] = Path.Combine(work, "cli-config"),
        ["EUCAIM_PLATFORM"] = platform.AbsoluteUri,
        ["NO_COLOR"] = "1",
    };
    await SignInAsync(tool, environment, "hugo");
    var blobs = new BlobServiceClient(await app.GetConnectionStringAsync("blobs"));
    Console.WriteLine($"Upload: {files.Count} files, {bytes / 1073741824.0:F2} GiB, platform on {platform}");

    var perFile = new List<double>();
    var oneBlob = new List<double>();
    var cli = new List<double>();
    for (var round = 1; round <= options.UploadRounds; round++)
    {
        var container = blobs.GetBlobContainerClient($"bench-{Guid.NewGuid():N}");
        await container.CreateAsync();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (file, ct) =>
            await container.GetBlobClient($"files/{Path.GetFileName(file)}").UploadAsync(file, ct));
        perFile.Add(bytes / watch.Elapsed.TotalSeconds);

        watch.Restart();
        await using (var all = new ConcatenatedFiles(files))
        {
            await container.GetBlobClient("all.bin").UploadAsync(all);
        }

        oneBlob.Add(bytes / watch.Elapsed.TotalSeconds);
        await container.DeleteAsync();

        var run = await ToolProcess.RunAsync(tool, ["upload", folder, "--dataset", dataset.ToString(), "--no-follow", "--json"], environment, samplePeak: true);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"eucaim upload exited {run.ExitCode}:\n{run.Error}");
        }

        cli.Add(bytes / run.Elapsed.TotalSeconds);
        var ingest = JsonDocument.Parse(run.Output).RootElement.GetProperty("ingest").GetGuid();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  round {round}: SDK a blob per file (8 at once) {Mb(perFile[^1]),6:F1} MB/s   SDK one blob {Mb(oneBlob[^1]),6:F1} MB/s   " +
            $"eucaim upload {Mb(cli[^1]),6:F1} MB/s ({run.Elapsed.TotalSeconds:F1} s, peak RSS {run.PeakBytes / 1048576.0:F0} MiB)"));

        // The next round must not share the machine with this ingest; its time is shown for scale.
        watch.Restart();
        var state = await WaitForIngestAsync(api, ingest);
        Console.WriteLine($"           ingest {ingest} {state} {watch.Elapsed.TotalSeconds:F0} s after the upload ended");
    }

    var baseline = Math.Max(perFile.Average(), oneBlob.Average());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Upload of a {bytes / 1073741824.0:F2} GiB folder: eucaim upload {Mb(cli.Average()):F1} MB/s, Azure SDK direct {Mb(baseline):F1} MB/s (the faster way), ratio {cli.Average() / baseline:F2} (goal ≥ 0.8)"));

    static double Mb(double bytesPerSecond) => bytesPerSecond / 1e6;
}

static async Task<Guid> CreateDatasetAsync(HttpClient api)
{
    var response = await api.PostAsync("/api/datasets", new StringContent(JsonSerializer.Serialize(new
    {
        organization = "HM Hospitales", name = $"CLI benchmark {Guid.NewGuid():N}", description = "Synthetic CT for the CLI benchmark.",
        cancerType = "Lung cancer", modalities = new[] { "CT" }, sex = "Male", subjects = 1, tier = "1", sharingMode = "central-repository",
    }), Encoding.UTF8, "application/json"));
    var body = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode
        ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()
        : throw new InvalidOperationException($"creating the dataset: {(int)response.StatusCode} {body}");
}

// `eucaim login` as a person runs it: the device code it prints is approved at the dev provider.
static async Task SignInAsync(string tool, Dictionary<string, string> environment, string login)
{
    var start = new ProcessStartInfo(tool, ["login"]) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var (name, value) in environment)
    {
        start.Environment[name] = value;
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var prompt = new Regex(@"open (?<uri>http\S+) and enter the code (?<code>[A-Z]{4}-[A-Z]{4})");
    while (await process.StandardError.ReadLineAsync() is { } line)
    {
        if (prompt.Match(line) is { Success: true } match)
        {
            await DevLsLogin.ApproveDeviceCodeAsync(new Uri(match.Groups["uri"].Value), match.Groups["code"].Value, login);
            break;
        }
    }

    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"eucaim login exited {process.ExitCode}: {await output}");
    }
}

static async Task<string> WaitForIngestAsync(HttpClient api, Guid ingest)
{
    while (true)
    {
        var state = JsonDocument.Parse(await api.GetStringAsync($"/api/ingests/{ingest}")).RootElement.GetProperty("state").GetString()!;
        if (state is "completed" or "failed")
        {
            return state;
        }

        await Task.Delay(1000);
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
