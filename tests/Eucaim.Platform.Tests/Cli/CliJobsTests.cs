using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Storage;
using Eucaim.Platform.Tests.Jobs;
using Eucaim.Platform.Tests.Storage;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// The researcher's commands against the real stack: <c>eucaim jobs submit</c> from a YAML job file
/// (dry run, refusals, the job itself), <c>jobs wait</c> exiting with the job's code, <c>jobs logs</c>
/// live and archived, <c>outputs list</c>, <c>exports request|download</c> with kai approving, and
/// <c>access request|list</c>. The jobs are the sample job on the local backend (<see cref="JobScenario"/>).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliJobsTests(PlatformFixture fixture)
{
    private const int RefusedExit = 4;

    [Fact]
    public async Task A_job_submitted_from_a_yaml_file_is_waited_for_its_log_printed_and_its_output_exported_and_downloaded_byte_for_byte()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 3);
        using var cli = await SignedInAsync("rita");
        var jobFile = JobFile(cli, s);

        var plan = await cli.RunAsync("jobs", "submit", "--file", jobFile, "--dry-run");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains($"/data/{s.DatasetId:N}", plan.Output);
        Assert.Contains("nothing was submitted", plan.Output);
        Assert.Empty((await s.Rita.GetFromJsonAsync<JsonElement>($"/api/jobs?tenant={s.TenantA}")).EnumerateArray());

        // Every broken rule is shown, as the API explains it; the error itself is one line.
        var refused = await cli.RunAsync("jobs", "submit", "--file", jobFile, "--flavor", "no-such-flavor", "--name", "Not_A_Label", "--dry-run");
        Assert.True(refused.ExitCode == RefusedExit, refused.ToString());
        Assert.Contains("flavor-unknown", refused.Output);
        Assert.Contains("name-dns-label", refused.Output);
        Assert.Single(refused.Error.TrimEnd('\n').Split('\n'));

        var submitted = await cli.RunAsync("jobs", "submit", "--file", jobFile, "--json");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var id = JsonDocument.Parse(submitted.Output).RootElement.GetProperty("id").GetGuid();

        var wait = await cli.RunAsync("jobs", "wait", id.ToString());
        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Contains("Succeeded", wait.Output);
        var job = await ReadAsync(await s.Rita.GetAsync($"/api/jobs/{id}"), HttpStatusCode.OK);
        Assert.Equal("Succeeded", JobScenario.Status(job));
        Assert.Equal("sample", job.GetProperty("environment").GetProperty("SUMMARY_TITLE").GetString());

        var logs = await cli.RunAsync("jobs", "logs", id.ToString());
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("wrote summary.json and summary.txt: 3 instances in 1 series", logs.Output);
        Assert.Contains("[eucaim] job Succeeded", logs.Output);
        // Followed after the end, the stream replays every chunk and the archive adds its closing lines: the same text.
        var followed = await cli.RunAsync("jobs", "logs", id.ToString(), "-f");
        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Equal(logs.Output, followed.Output);
        Assert.Contains("ended: Succeeded", followed.Error);

        var outputs = await cli.RunAsync("outputs", "list", id.ToString(), "--json");
        Assert.True(outputs.ExitCode == 0, outputs.ToString());
        Assert.Equal(["summary.json", "summary.txt"], JsonDocument.Parse(outputs.Output).RootElement.EnumerateArray().Select(o => o.GetProperty("path").GetString()!).Order().ToArray());

        var requested = await cli.RunAsync("exports", "request", "--job", id.ToString(), "--file", "summary.json",
            "--justification", "Counts per modality for the project report; aggregates only.");
        Assert.True(requested.ExitCode == 0, requested.ToString());
        Assert.Contains("series-instance-uid", requested.Output);
        var exportId = (await s.Rita.GetFromJsonAsync<JsonElement>("/api/exports")).EnumerateArray()
            .Single(e => e.GetProperty("jobId").GetGuid() == id).GetProperty("id").GetGuid();
        Assert.Contains(exportId.ToString(), requested.Output);

        var folder = Path.Combine(cli.ConfigFolder, "results");
        var early = await cli.RunAsync("exports", "download", exportId.ToString(), "--to", folder);
        Assert.True(early.ExitCode == RefusedExit, early.ToString());
        Assert.Contains("waiting for a reviewer", early.Error);
        Assert.False(Directory.Exists(folder));

        await ReadAsync(await s.Kai.PostAsJsonAsync($"/api/exports/{exportId}/decision", new { decision = "approve", note = "Aggregates only." }), HttpStatusCode.OK);
        var download = await cli.RunAsync("exports", "download", exportId.ToString(), "--to", folder, "--json");
        Assert.True(download.ExitCode == 0, download.ToString());
        var downloaded = Assert.Single(JsonDocument.Parse(download.Output).RootElement.EnumerateArray());
        var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, "summary.json"));
        var blobs = await StoredBlobs.ClientAsync(fixture.Platform);
        var written = (await blobs.GetBlobContainerClient(BlobContainers.Tenants)
            .GetBlobClient(BlobLayout.Tenants.JobOutput(s.TenantA, id, "summary.json")).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(written, bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(written)), downloaded.GetProperty("sha256").GetString());
        Assert.Equal(3, JsonDocument.Parse(bytes).RootElement.GetProperty("instances").GetInt32());
        Assert.Empty(Directory.GetFiles(folder, "*.part"));

        // A second download does not silently replace what is there.
        var again = await cli.RunAsync("exports", "download", exportId.ToString(), "--to", folder);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--overwrite", again.Error);
    }

    [Fact]
    public async Task A_failing_job_makes_jobs_wait_exit_with_its_code_and_access_requests_are_made_and_listed()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 1);
        using var cli = await SignedInAsync("rita");

        var request = await cli.RunAsync("access", "request", "--tenant", s.TenantA, "--dataset", s.DatasetId.ToString(),
            "--title", "Nodule detection", "--purpose", "Train a lung nodule detector.", "--days", "30", "--duo", "DUO:0000042", "--json");
        Assert.True(request.ExitCode == 0, request.ToString());
        var requestId = JsonDocument.Parse(request.Output).RootElement.GetProperty("id").GetGuid();

        var listed = await cli.RunAsync("access", "list", "--tenant", s.TenantA, "--status", "submitted", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var mine = Assert.Single(JsonDocument.Parse(listed.Output).RootElement.EnumerateArray());
        Assert.Equal(requestId, mine.GetProperty("id").GetGuid());
        Assert.Equal(s.DatasetId, mine.GetProperty("datasets")[0].GetProperty("datasetId").GetGuid());
        var table = await cli.RunAsync("access", "list", "--tenant", s.TenantA);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Nodule detection", table.Output);
        Assert.Contains(requestId.ToString(), table.Output);
        var badStatus = await cli.RunAsync("access", "list", "--status", "granted");
        Assert.True(badStatus.ExitCode == RefusedExit, badStatus.ToString());
        Assert.Contains("status", badStatus.Error);

        // The sample's CUDA mode refuses a bad argument with exit code 2 before it looks for a GPU.
        var submitted = await cli.RunAsync("jobs", "submit", "--tenant", s.TenantA, "--name", "bad-arguments", "--image", JobScenario.SampleImage,
            "--flavor", JobScenario.Flavor, "--dataset", s.DatasetId.ToString(), "--json", "--", "cuda", "--elements", "0");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var id = JsonDocument.Parse(submitted.Output).RootElement.GetProperty("id").GetGuid();

        var wait = await cli.RunAsync("jobs", "wait", id.ToString(), "--logs");
        Assert.True(wait.ExitCode == 2, wait.ToString());
        Assert.Contains("--elements must be a whole number", wait.Output);
        Assert.Contains("[eucaim] job Failed", wait.Output);
        var job = await ReadAsync(await s.Rita.GetAsync($"/api/jobs/{id}"), HttpStatusCode.OK);
        Assert.Equal("Failed", JobScenario.Status(job));
        Assert.Equal(2, job.GetProperty("exitCode").GetInt32());

        var show = await cli.RunAsync("jobs", "show", id.ToString());
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("Failed", show.Output);

        var cancelEnded = await cli.RunAsync("jobs", "cancel", id.ToString());
        Assert.True(cancelEnded.ExitCode == RefusedExit, cancelEnded.ToString());
        Assert.Contains("[HTTP 409", cancelEnded.Error);

        // A job that lingers is followed while it writes: the lines as they come, then the archive's closing line.
        var lingering = await cli.RunAsync("jobs", "submit", "--tenant", s.TenantA, "--name", "lingering", "--image", JobScenario.SampleImage,
            "--flavor", JobScenario.Flavor, "--dataset", s.DatasetId.ToString(), "--json", "--", "--delay-seconds", "3");
        Assert.True(lingering.ExitCode == 0, lingering.ToString());
        var lingeringId = JsonDocument.Parse(lingering.Output).RootElement.GetProperty("id").GetGuid();
        var live = await cli.RunAsync("jobs", "logs", lingeringId.ToString(), "--follow");
        Assert.True(live.ExitCode == 0, live.ToString());
        Assert.Contains("still working: 3/3 s", live.Output);
        Assert.Matches(@"\[eucaim\] job Succeeded[^\n]*\n$", live.Output);
        var archived = await cli.RunAsync("jobs", "logs", lingeringId.ToString());
        Assert.Equal(archived.Output, live.Output);
    }

    private async Task<CliUser> SignedInAsync(string login)
    {
        var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        var signIn = await CliSignInTests.SignInWithDeviceFlowAsync(cli, login);
        Assert.True(signIn.ExitCode == 0, signIn.ToString());
        return cli;
    }

    /// <summary>The sample job as a person would write it: YAML, with the environment value and the runtime unquoted.</summary>
    private static string JobFile(CliUser cli, JobScenario s)
    {
        var path = Path.Combine(cli.ConfigFolder, "job.yaml");
        File.WriteAllText(path, $"""
            # the built-in sample job over the scenario's dataset
            tenant: {s.TenantA}
            name: dicom-summary
            image: {JobScenario.SampleImage}
            flavor: {JobScenario.Flavor}
            datasets:
              - {s.DatasetId}
            environment:
              SUMMARY_TITLE: sample
              SEED: 42
            maxRuntimeMinutes: 30
            """);
        return path;
    }
}
