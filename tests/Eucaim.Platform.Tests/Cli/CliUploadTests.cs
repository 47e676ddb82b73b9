using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eucaim.Cli.Upload;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Ingest;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>eucaim upload</c> and <c>eucaim check</c> as a data holder uses them: identifying information
/// refused before anything is sent, and an upload whose process is killed part-way finished by
/// running the same command again, with every part's SHA-256 equal and every instance ingested once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class CliUploadTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_folder_with_a_file_holding_patient_identifiers_is_refused_before_anything_is_sent_naming_the_file_and_the_attribute()
    {
        using var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"CLI check {Guid.NewGuid():N}");
        var folder = Path.Combine(cli.ConfigFolder, "export");
        CleanSeries.Write(folder, seed: 11, instances: 3, size: 16);
        CleanSeries.WriteIdentified(folder, "instance-00004.dcm", seed: 12);
        try
        {
            var checkedFolder = await cli.RunAsync("check", folder, "--json");
            Assert.True(checkedFolder.ExitCode == 7, checkedFolder.ToString());
            var problems = JsonDocument.Parse(checkedFolder.Output).RootElement.GetProperty("problems").EnumerateArray().ToList();
            Assert.NotEmpty(problems);
            Assert.All(problems, p => Assert.Equal("export/instance-00004.dcm", p.GetProperty("file").GetString()));
            Assert.Contains(problems, p => p.GetProperty("attribute").GetString() == "PatientName (0010,0010)");

            var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "hugo");
            Assert.True(login.ExitCode == 0, login.ToString());
            var upload = await cli.RunAsync("upload", folder, "--dataset", dataset.ToString());
            Assert.True(upload.ExitCode == 7, upload.ToString());
            Assert.Matches(@"refused export/instance-00004\.dcm: PatientName at \(0010,0010\)", upload.Error);
            Assert.Contains("nothing was sent", upload.Error);
            var ingests = await hugo.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}/ingests");
            Assert.Equal(0, ingests.GetArrayLength());
        }
        finally
        {
            await hugo.DeleteAsync($"/api/datasets/{dataset}");
        }
    }

    [Fact]
    public async Task An_upload_killed_at_40_percent_is_resumed_by_the_same_command_and_every_instance_is_ingested_once()
    {
        const int Instances = 160;
        using var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"CLI upload {Guid.NewGuid():N}");
        var folder = Path.Combine(cli.ConfigFolder, "CT-2024");
        var files = CleanSeries.Write(folder, seed: Random.Shared.Next(), instances: Instances, size: 512);
        string[] arguments = ["upload", folder, "--dataset", dataset.ToString(), "--parallel", "2", "--part-size", "16"];
        try
        {
            var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "hugo");
            Assert.True(login.ExitCode == 0, login.ToString());

            // The real tool in a process of its own, slowed so that 40% is reached while parts are still on their way; killed there.
            var killedAt = await RunAndKillAsync(cli, [.. arguments, "--limit-rate", "16"], percent: 40);
            var state = JsonDocument.Parse(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(cli.ConfigFolder, "uploads"))))).RootElement;
            var ingest = state.GetProperty("ingest").GetGuid();
            var interrupted = await hugo.GetFromJsonAsync<JsonElement>($"/api/ingests/{ingest}");
            Assert.Equal("open", interrupted.GetProperty("state").GetString());
            var total = state.GetProperty("parts").EnumerateArray().Sum(p => p.GetProperty("length").GetInt64());
            var received = interrupted.GetProperty("uploads").EnumerateArray().Sum(u => u.GetProperty("offset").GetInt64());
            Assert.True(received < total, $"killed at {killedAt}% but the platform already had all {total} bytes");

            var resumed = await cli.RunAsync([.. arguments, "--json"]);
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Contains($"resuming the upload into ingest {ingest}", resumed.Error);
            var result = JsonDocument.Parse(resumed.Output).RootElement;
            Assert.Equal(ingest, result.GetProperty("ingest").GetGuid());
            Assert.Empty(Directory.GetFiles(Path.Combine(cli.ConfigFolder, "uploads")));

            // Every part once on the platform, its SHA-256 the one of the part packed here.
            var plan = UploadPlan.Of(SourceFiles.Find([folder]), 16L * 1024 * 1024);
            var done = result.GetProperty("result");
            var uploads = done.GetProperty("uploads").EnumerateArray().ToDictionary(u => u.GetProperty("fileName").GetString()!, u => u.GetProperty("sha256").GetString());
            Assert.Equal(plan.Parts.Select(p => p.Name).Order(), uploads.Keys.Order());
            foreach (var part in plan.Parts)
            {
                Assert.Equal(await Sha256Async(part), uploads[part.Name]);
            }

            // Every instance ingested once, byte for byte.
            var counts = done.GetProperty("report").GetProperty("files");
            Assert.Equal((Instances, Instances, 0, 0), (counts.GetProperty("total").GetInt32(), counts.GetProperty("stored").GetInt32(),
                counts.GetProperty("duplicates").GetInt32(), counts.GetProperty("rejected").GetInt32()));
            var instances = await hugo.GetFromJsonAsync<JsonElement>($"/dicomweb/datasets/{dataset}/instances?includefield=00080018&limit=1000");
            var stored = instances.EnumerateArray().Select(i => i.GetProperty("00080018").GetProperty("Value")[0].GetString()).ToList();
            Assert.Equal(Instances, stored.Count);
            Assert.Equal(Instances, stored.Distinct().Count());
            Assert.Equal(Instances, await CountIndexedAsync(dataset));
        }
        finally
        {
            await hugo.DeleteAsync($"/api/datasets/{dataset}");
        }
    }

    [Fact]
    public async Task A_file_replaced_while_the_upload_reads_it_stops_the_upload_naming_it_and_the_next_run_starts_over_with_the_new_file()
    {
        const int Instances = 40;
        using var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"CLI changed file {Guid.NewGuid():N}");
        var folder = Path.Combine(cli.ConfigFolder, "PT-2025");
        var seed = Random.Shared.Next();
        var files = CleanSeries.Write(folder, seed, Instances, size: 512);
        string[] arguments = ["upload", folder, "--dataset", dataset.ToString(), "--parallel", "1"];
        try
        {
            var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "hugo");
            Assert.True(login.ExitCode == 0, login.ToString());

            // One part, sent slowly; at 10% the last file has not been read yet: a new export overwrites it.
            var stopped = await RunProcessAsync(cli, [.. arguments, "--limit-rate", "2"], percent: 10, () =>
            {
                var fresh = CleanSeries.Write(Path.Combine(cli.ConfigFolder, "rescan"), seed + 1, instances: 1, size: 256).Single();
                File.Copy(fresh, files[^1], overwrite: true);
            }, kill: false);
            Assert.True(stopped.ExitCode == 1, stopped.ToString());
            Assert.Contains("PT-2025/instance-00040.dcm changed while it was being sent", stopped.Error.Replace('\\', '/'));
            Assert.DoesNotContain("trying again", stopped.Error);

            var again = await cli.RunAsync(arguments);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains("the files changed since the interrupted upload; starting over", again.Error);
            Assert.Equal(Instances, await CountIndexedAsync(dataset));
        }
        finally
        {
            await hugo.DeleteAsync($"/api/datasets/{dataset}");
        }
    }

    private static async Task<int> RunAndKillAsync(CliUser cli, string[] arguments, int percent) =>
        (await RunProcessAsync(cli, arguments, percent, () => { }, kill: true)).KilledAt;

    /// <summary>The real tool in a process of its own; when it reports <paramref name="percent"/>, <paramref name="atPercent"/> runs, then the process is killed or left to end.</summary>
    private static async Task<(int ExitCode, string Error, int KilledAt)> RunProcessAsync(CliUser cli, string[] arguments, int percent, Action atPercent, bool kill)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "eucaim.exe" : "eucaim"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["EUCAIM_CONFIG_DIR"] = cli.ConfigFolder;
        start.Environment["EUCAIM_PLATFORM"] = cli.Platform.AbsoluteUri;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var seen = new List<string>();
        var reached = -1;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (reached < 0 && Sent().Match(line) is { Success: true } match && int.Parse(match.Groups[1].Value) >= percent)
            {
                reached = int.Parse(match.Groups[1].Value);
                atPercent();
                if (kill)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(timeout.Token);
                    return (-1, string.Join('\n', seen), reached);
                }
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        if (reached < 0)
        {
            throw new InvalidOperationException($"the upload never reported {percent}%; exit {process.ExitCode}:\n{string.Join('\n', seen)}\n{await output}");
        }

        return (process.ExitCode, string.Join('\n', seen), reached);
    }

    private static async Task<string> Sha256Async(UploadPart part)
    {
        using var sha = SHA256.Create();
        await using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write))
        {
            await part.WriteAsync(hashing, CancellationToken.None);
        }

        return Convert.ToHexStringLower(sha.Hash!);
    }

    private async Task<int> CountIndexedAsync(Guid dataset)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await fixture.Platform.ConnectionStringAsync("eucaim"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", connection);
        command.Parameters.AddWithValue("d", dataset);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    [GeneratedRegex(@"sent (\d+)%")]
    private static partial Regex Sent();
}
