using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eucaim.Platform.Tests.Federation;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Tenants;
using static Eucaim.Platform.Tests.Cli.CliSteps;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>eucaim node runs …</c> against node-2's own Api in the local federation (<c>./dev up --nodes 2</c>): rita's run
/// waits there for its data holder; nora, signed in to the node with the tool, finds it, cannot refuse it without a
/// reason, approves it, sees its held result and releases it, and the hub's run ends succeeded with that result.
/// </summary>
[Collection(FederationTopologyCollection.Name)]
public sealed class CliNodeRunsTests(FederationTopologyFixture fixture)
{
    private const int UsageExit = 2;
    private const int RefusedExit = 4;

    [Fact]
    public async Task A_data_holder_approves_a_run_at_her_node_with_the_tool_then_releases_its_result_and_the_hub_gets_it()
    {
        var platform = fixture.Platform.Platform;
        var (_, dataset) = FederatedRunTopologyTests.Pick(2, bothSexes: true);
        await using var s = await FederatedRunScenario.StartAsync(platform, dataset);
        var created = await TenantRequests.ReadAsync(
            await s.Rita.PostAsJsonAsync("/api/federation/runs", s.Run([dataset], metrics: ["accuracy", "auc"], counts: ["subjects"])), HttpStatusCode.Created);
        var run = created.GetProperty("id").GetGuid();
        await s.WaitNodeStateAsync(run, "node-2", "awaiting-approval");

        using var cli = new CliUser(platform.App.GetEndpoint("node-2-api", "http"));
        await SignInAsync(cli, "nora");

        var waiting = Json(await Ok(cli, "node", "runs", "list", "--state", "awaiting-approval", "--json"));
        var listed = Assert.Single(waiting.EnumerateArray(), r => r.GetProperty("id").GetGuid() == run);
        Assert.Equal(SeededUsers.Subject("rita"), listed.GetProperty("requester").GetProperty("subject").GetString());
        Assert.True(listed.GetProperty("youDecide").GetBoolean());
        var table = (await Ok(cli, "node", "runs", "list", "--state", "awaiting-approval")).Output;
        Has(table, $@"(?m)^\s*{run}\s+awaiting-approval\s+{Regex.Escape(FederatedRunScenario.ValidationImage)}\s");
        Assert.Contains(s.Tenant, table);

        // A refusal needs a reason, on the command line as at the API; nothing was decided.
        var noReason = await cli.RunAsync("node", "runs", "refuse", run.ToString());
        Assert.True(noReason.ExitCode is UsageExit or RefusedExit, noReason.ToString());
        Assert.Contains("reason", noReason.Error, StringComparison.Ordinal);

        var approved = await Ok(cli, "node", "runs", "approve", run.ToString());
        Assert.StartsWith($"Approved run {run}: approved.", approved.Output, StringComparison.Ordinal);
        var again = await cli.RunAsync("node", "runs", "approve", run.ToString());
        Assert.True(again.ExitCode == RefusedExit, again.ToString());
        Assert.Contains("[HTTP 409", again.Error, StringComparison.Ordinal);

        // The run runs at node-2; its checked result waits there for her.
        var held = await WaitStateAsync(cli, run, "awaiting-release");
        var heldMetrics = held.GetProperty("result").GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["accuracy", "auc"], heldMetrics.Keys.Order());
        var shown = (await Ok(cli, "node", "runs", "show", run.ToString())).Output;
        Has(shown, @"(?m)^\s*state\s+awaiting-release\s*$");
        Has(shown, @"(?m)^\s*accuracy\s+metric\s+[0-9.]+\s*$");
        Has(shown, @"(?m)^\s*subjects\s+count\s+([0-9]+|suppressed)\s*$");

        var released = await Ok(cli, "node", "runs", "release", run.ToString());
        Assert.StartsWith($"Released run {run}: released.", released.Output, StringComparison.Ordinal);

        var atHub = FederatedRunScenario.Node(await s.WaitEndedAsync(run), "node-2");
        Assert.True(atHub.GetProperty("state").GetString() == "succeeded", atHub.GetRawText());
        Assert.Equal(heldMetrics, atHub.GetProperty("result").GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));

        // Pointed at the hub by mistake, the tool says where to point it.
        using var atTheHub = new CliUser(platform.App.GetEndpoint("api", "http"));
        await SignInAsync(atTheHub, "nora");
        var hub = await atTheHub.RunAsync("node", "runs", "list");
        Assert.True(hub.ExitCode == RefusedExit, hub.ToString());
        Assert.Contains("serves no node runs", hub.Error, StringComparison.Ordinal);
    }

    /// <summary>Reads the run at the node with <c>node runs show --json</c> until it is in <paramref name="state"/>.</summary>
    private static Task<JsonElement> WaitStateAsync(CliUser cli, Guid run, string state) => FederatedRunScenario.UntilAsync(
        async () => Json(await Ok(cli, "node", "runs", "show", run.ToString(), "--json")),
        r => r.GetProperty("state").GetString() == state,
        $"Run {run} was not {state} at node-2");
}
