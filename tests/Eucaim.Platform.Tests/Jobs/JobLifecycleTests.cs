using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Jobs;

/// <summary>Jobs that do not end by themselves: cancelled, timed out, stopped when access is revoked; their logs stay readable.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JobLifecycleTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Queued_jobs_show_their_position_and_a_cancelled_running_job_stops_with_its_log_kept()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 1);
        // The tenant may run two jobs at once: the third waits with a position and an estimated start.
        var first = (await s.SubmitAsync(s.SampleJob("slow-1", ["--delay-seconds", "600"]))).GetProperty("id").GetGuid();
        var second = (await s.SubmitAsync(s.SampleJob("slow-2", ["--delay-seconds", "600"]))).GetProperty("id").GetGuid();
        await JobScenario.WaitForAsync(s.Rita, first, j => JobScenario.Status(j) == "Running");
        await JobScenario.WaitForAsync(s.Rita, second, j => JobScenario.Status(j) == "Running");
        var third = await s.SubmitAsync(s.SampleJob("slow-3", ["--delay-seconds", "600"]));
        var thirdId = third.GetProperty("id").GetGuid();
        var waiting = await JobScenario.WaitForAsync(s.Rita, thirdId, j => j.GetProperty("position").ValueKind == JsonValueKind.Number);
        Assert.Equal("Queued", JobScenario.Status(waiting));
        Assert.True(waiting.GetProperty("position").GetInt32() >= 1);
        Assert.True(waiting.GetProperty("estimatedStartAt").GetDateTimeOffset() > waiting.GetProperty("submittedAt").GetDateTimeOffset());
        var queue = await s.Rita.GetFromJsonAsync<JsonElement>("/api/queue");
        var flavor = queue.GetProperty("flavors").EnumerateArray().Single(f => f.GetProperty("flavor").GetString() == JobScenario.Flavor);
        Assert.True(flavor.GetProperty("pending").GetInt32() >= 1);
        Assert.True(flavor.GetProperty("running").GetInt32() >= 2);

        // Wait for the job's own output in the live log, then cancel it.
        await WaitForLogAsync(s.Rita, first, "still working: 1/600 s");
        await ReadAsync(await s.Rita.PostAsync($"/api/jobs/{first}/cancel", null), HttpStatusCode.Accepted);
        var cancelled = await JobScenario.WaitForAsync(s.Rita, first, j => j.GetProperty("logsArchived").GetBoolean());
        Assert.Equal("Cancelled", JobScenario.Status(cancelled));
        var log = await s.Rita.GetStringAsync($"/api/jobs/{first}/logs");
        Assert.Contains("still working: 1/600 s", log);
        Assert.Contains("[eucaim] job Cancelled", log);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Rita.PostAsync($"/api/jobs/{first}/cancel", null)).StatusCode);

        // Its slot went to the queued job. The tenant is at its limit again, so a fourth job waits; cancelled
        // while queued, it never starts.
        await JobScenario.WaitForAsync(s.Rita, thirdId, j => JobScenario.Status(j) is "Starting" or "Running");
        var fourth = (await s.SubmitAsync(s.SampleJob("never-runs", ["--delay-seconds", "600"]))).GetProperty("id").GetGuid();
        Assert.Equal("Queued", JobScenario.Status(await JobScenario.WaitForAsync(s.Rita, fourth, j => j.GetProperty("position").ValueKind == JsonValueKind.Number)));
        await ReadAsync(await s.Rita.PostAsync($"/api/jobs/{fourth}/cancel", null), HttpStatusCode.Accepted);
        var never = await JobScenario.WaitForAsync(s.Rita, fourth, j => j.GetProperty("logsArchived").GetBoolean());
        Assert.Equal("Cancelled", JobScenario.Status(never));
        Assert.Equal(JsonValueKind.Null, never.GetProperty("startedAt").ValueKind);

        foreach (var id in new[] { second, thirdId })
        {
            await ReadAsync(await s.Rita.PostAsync($"/api/jobs/{id}/cancel", null), HttpStatusCode.Accepted);
        }

        foreach (var id in new[] { second, thirdId })
        {
            Assert.Equal("Cancelled", JobScenario.Status(await JobScenario.WaitForAsync(s.Rita, id, j => j.GetProperty("logsArchived").GetBoolean())));
        }
    }

    [Fact]
    public async Task A_job_over_its_runtime_times_out_and_one_whose_grant_is_revoked_stops_with_access_revoked()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 1);
        var slow = (await s.SubmitAsync(s.SampleJob("too-slow", ["--delay-seconds", "600"], maxRuntimeMinutes: 1))).GetProperty("id").GetGuid();
        var revoked = (await s.SubmitAsync(s.SampleJob("revoked", ["--delay-seconds", "600"]))).GetProperty("id").GetGuid();
        await WaitForLogAsync(s.Rita, revoked, "still working: 1/600 s");

        await s.RevokeAsync(s.GrantId);
        var stopped = await JobScenario.WaitForAsync(s.Rita, revoked, j => j.GetProperty("logsArchived").GetBoolean());
        Assert.Equal("Cancelled", JobScenario.Status(stopped));
        Assert.Equal("access revoked", stopped.GetProperty("reason").GetString());
        Assert.Contains("still working", await s.Rita.GetStringAsync($"/api/jobs/{revoked}/logs"));
        var refused = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/jobs", s.SampleJob("after-revocation")), HttpStatusCode.Forbidden);
        Assert.Equal("dataset-no-grant", refused.GetProperty("rule").GetString());

        // The other job used the same grant: it was stopped too, before or after its deadline.
        var timedOutOrStopped = await JobScenario.WaitForAsync(s.Rita, slow, j => j.GetProperty("logsArchived").GetBoolean());
        Assert.Contains(JobScenario.Status(timedOutOrStopped), new[] { "Cancelled", "TimedOut" });

        // A fresh grant, and a job that overruns its one minute.
        await s.GrantAsync();
        var overrun = (await s.SubmitAsync(s.SampleJob("overrun", ["--delay-seconds", "600"], maxRuntimeMinutes: 1))).GetProperty("id").GetGuid();
        var timedOut = await JobScenario.WaitForAsync(s.Rita, overrun, j => j.GetProperty("logsArchived").GetBoolean());
        Assert.Equal("TimedOut", JobScenario.Status(timedOut));
        Assert.StartsWith("DeadlineExceeded", timedOut.GetProperty("reason").GetString());
        var log = await s.Rita.GetStringAsync($"/api/jobs/{overrun}/logs");
        Assert.Contains("still working", log);
        Assert.Contains("[eucaim] job TimedOut", log);
    }

    private static async Task WaitForLogAsync(HttpClient client, Guid id, string text)
    {
        using var patience = new CancellationTokenSource(JobScenario.Patience);
        while (!(await client.GetStringAsync($"/api/jobs/{id}/logs", patience.Token)).Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), patience.Token);
        }
    }
}
