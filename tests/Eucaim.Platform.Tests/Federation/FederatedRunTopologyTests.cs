using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Platform.Tests.Audit;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Tenants;
using Npgsql;
using static Eucaim.Platform.Tests.Federation.FederatedRunScenario;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A federated validation run on the local federation (<c>./dev up --nodes 2</c>): node-1 runs the validation sample
/// (pre-approved there) on its own copy of its dataset and sends back only the metrics and released counts the run
/// declared; at node-2 the run waits for its data holder (nora), who refuses it at node-2's own Api with a reason the
/// researcher is told. The metrics are checked against what the sample must compute from the synthetic cohort node-1
/// was seeded with, which the hub never sees. At node-2 a data holder also approves a run and then releases or
/// withholds its result: nothing reaches the hub before the release.
/// </summary>
[Collection(FederationTopologyCollection.Name)]
public sealed class FederatedRunTopologyTests(FederationTopologyFixture fixture)
{
    private const int MaxNoise = 3;
    private const int AgeThreshold = 60;

    [Fact]
    public async Task A_validation_run_is_approved_and_run_at_node_1_refused_at_node_2_and_only_its_declared_metrics_come_back()
    {
        var platform = fixture.Platform.Platform;
        var (seed1, id1) = Pick(1, bothSexes: true);
        var (_, id2) = Pick(2, bothSexes: false);
        await using var s = await StartAsync(platform, id1, id2);

        var created = await TenantRequests.ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/runs", s.Run([id1, id2])), HttpStatusCode.Created);
        var runId = created.GetProperty("id").GetGuid();
        Assert.Equal(["node-1", "node-2"], created.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node").GetString()));
        Assert.All(created.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("pending", n.GetProperty("state").GetString()));

        var waiting = Node(await s.WaitNodeStateAsync(runId, "node-2", "awaiting-approval"), "node-2");
        Assert.Contains("data holder at node-2", waiting.GetProperty("reason").GetString(), StringComparison.Ordinal);
        using var nora = await NodeApiClientAsync(platform, 2, "nora");
        await NodeRunAsync(nora, runId, "refuse", HttpStatusCode.OK, new { reason = "Not for this study's population." });

        var run = await s.WaitEndedAsync(runId);
        var node1 = Node(run, "node-1");
        var node2 = Node(run, "node-2");
        Assert.True(node1.GetProperty("state").GetString() == "succeeded", run.GetRawText());
        Assert.Equal([id1], node1.GetProperty("datasets").EnumerateArray().Select(d => d.GetGuid()));
        Assert.Equal("refused", node2.GetProperty("state").GetString());
        Assert.Equal("Refused by a data holder at this node: Not for this study's population.", node2.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, node2.GetProperty("result").ValueKind);

        // What the sample must compute from node-1's cohort: F is the positive class, predicted when younger than the threshold.
        var cohort = SyntheticCohort.Of(seed1);
        var (tp, fp, tn, fn) = (0, 0, 0, 0);
        foreach (var subject in cohort)
        {
            var (female, predicted) = (subject.Sex == "F", subject.AgeAtStudy < AgeThreshold);
            (tp, fp, tn, fn) = (female, predicted) switch
            {
                (true, true) => (tp + 1, fp, tn, fn),
                (false, true) => (tp, fp + 1, tn, fn),
                (false, false) => (tp, fp, tn + 1, fn),
                _ => (tp, fp, tn, fn + 1),
            };
        }

        var females = cohort.Where(x => x.Sex == "F").Select(x => x.AgeAtStudy).ToList();
        var males = cohort.Where(x => x.Sex == "M").Select(x => x.AgeAtStudy).ToList();
        var auc = females.Sum(f => males.Sum(m => f < m ? 1.0 : f == m ? 0.5 : 0)) / (females.Count * (double)males.Count);
        var expected = new Dictionary<string, double>
        {
            ["accuracy"] = (double)(tp + tn) / cohort.Count,
            ["sensitivity"] = (double)tp / (tp + fn),
            ["specificity"] = (double)tn / (tn + fp),
            ["f1"] = 2.0 * tp / (2 * tp + fp + fn),
            ["auc"] = auc,
        };
        var result = node1.GetProperty("result");
        var metrics = result.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(expected.Keys.Order(), metrics.Keys.Order());
        foreach (var (name, value) in expected)
        {
            Assert.True(Math.Abs(metrics[name] - value) < 1e-12, $"{name}: expected {value}, got {metrics[name]}");
        }

        var counts = result.GetProperty("counts");
        Assert.Equal(["female", "subjects"], counts.EnumerateObject().Select(p => p.Name).Order());
        AssertReleased(counts.GetProperty("subjects"), cohort.Count);
        AssertReleased(counts.GetProperty("female"), females.Count);

        var listed = await TenantRequests.ReadAsync(await s.Rita.GetAsync($"/api/federation/runs?tenant={s.Tenant}"), HttpStatusCode.OK);
        Assert.Equal([runId], listed.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));

        // The hub's chain has every step; each node's own chain has its own.
        foreach (var action in new[] { "federation.run-submitted", "federation.run-updated", "federation.result-accepted" })
        {
            Assert.Contains(await AuditLog.EntriesAsync(s.Alba, $"action={action}&limit=500"), e => e.GetProperty("targetId").GetString() == runId.ToString());
        }

        var updates = (await AuditLog.EntriesAsync(s.Alba, "action=federation.run-updated&limit=500"))
            .Where(e => e.GetProperty("targetId").GetString() == runId.ToString())
            .Select(e => $"{e.GetProperty("details").GetProperty("node").GetString()}:{e.GetProperty("details").GetProperty("state").GetString()}").Order().ToList();
        Assert.Equal(["node-1:accepted", "node-1:running", "node-2:awaiting-approval", "node-2:refused"], updates);
        Assert.Equal(
            ["federation.result-sent", "federation.run-finished", "federation.run-received", "federation.run-started"],
            (await NodeAuditAsync(platform, 1, runId)).Distinct().Order());
        Assert.Equal(["federation.run-declined", "federation.run-received"], (await NodeAuditAsync(platform, 2, runId)).Distinct().Order());
    }

    [Fact]
    public async Task At_node_2_a_data_holder_approves_a_run_then_releases_its_result_or_withholds_it_and_nothing_leaves_before()
    {
        var platform = fixture.Platform.Platform;
        var (seed, id) = Pick(2, bothSexes: true);
        await using var s = await StartAsync(platform, id);
        using var nora = await NodeApiClientAsync(platform, 2, "nora");
        using var hugo = await NodeApiClientAsync(platform, 2, "hugo");
        using var alba = await NodeApiClientAsync(platform, 2, "alba");

        var released = await SubmitAsync(s, id);
        var withheld = await SubmitAsync(s, id);
        foreach (var run in new[] { released, withheld })
        {
            await s.WaitNodeStateAsync(run, "node-2", "awaiting-approval");
        }

        // What nora sees at her node: who asks, for which tenant, what may come back; and that she decides.
        var listed = await TenantRequests.ReadAsync(await nora.GetAsync("/api/node/runs?state=awaiting-approval"), HttpStatusCode.OK);
        var shown = listed.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == released);
        Assert.Equal(SeededUsers.Subject("rita"), shown.GetProperty("requester").GetProperty("subject").GetString());
        Assert.Equal(s.Tenant, shown.GetProperty("requester").GetProperty("tenant").GetString());
        Assert.Equal([seed.OrganizationAcronym], shown.GetProperty("organisations").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(["accuracy", "auc"], shown.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()).Order());
        Assert.True(shown.GetProperty("youDecide").GetBoolean());

        // Someone who holds no data there does not see it; the node's admin sees it but does not decide; bad input is named.
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.GetAsync($"/api/node/runs/{released}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.PostAsJsonAsync($"/api/node/runs/{released}/approve", new { })).StatusCode);
        Assert.False((await TenantRequests.ReadAsync(await alba.GetAsync($"/api/node/runs/{released}"), HttpStatusCode.OK)).GetProperty("youDecide").GetBoolean());
        Assert.Equal("data-holder-of-every-dataset",
            (await NodeRunAsync(alba, released, "approve", HttpStatusCode.Forbidden)).GetProperty("rule").GetString());
        Assert.Equal("reason", (await NodeRunAsync(nora, released, "refuse", HttpStatusCode.BadRequest, new { reason = " " })).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await nora.GetAsync("/api/node/runs?state=nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nora.GetAsync($"/api/node/runs/{Guid.NewGuid()}")).StatusCode);
        // The hub's routes are not served at a node.
        Assert.Equal(HttpStatusCode.NotFound, (await nora.GetAsync("/api/federation/runs")).StatusCode);

        // nora approves while node-2's Workers are down: the decision is in the node's database, and the node
        // carries it out once it is back.
        await platform.App.ResourceCommands.ExecuteCommandAsync("node-2", KnownResourceCommands.StopCommand);
        foreach (var run in new[] { released, withheld })
        {
            Assert.Equal("approved", (await NodeRunAsync(nora, run, "approve", HttpStatusCode.OK)).GetProperty("state").GetString());
            await NodeRunAsync(nora, run, "approve", HttpStatusCode.Conflict);
        }

        await platform.App.ResourceCommands.ExecuteCommandAsync("node-2", KnownResourceCommands.StartCommand);

        // The run ran at node-2; its checked result waits there, and the hub has nothing of it.
        foreach (var run in new[] { released, withheld })
        {
            var atHub = Node(await s.WaitNodeStateAsync(run, "node-2", "awaiting-release"), "node-2");
            Assert.Equal(JsonValueKind.Null, atHub.GetProperty("result").ValueKind);
        }

        var held = await TenantRequests.ReadAsync(await nora.GetAsync($"/api/node/runs/{released}"), HttpStatusCode.OK);
        Assert.Equal("awaiting-release", held.GetProperty("state").GetString());
        var heldMetrics = held.GetProperty("result").GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["accuracy", "auc"], heldMetrics.Keys.Order());
        Assert.Equal(SeededUsers.Subject("nora"), held.GetProperty("decidedBy").GetString());

        await NodeRunAsync(nora, released, "release", HttpStatusCode.OK);
        Assert.Equal("reason", (await NodeRunAsync(nora, withheld, "withhold", HttpStatusCode.BadRequest, new { })).GetProperty("field").GetString());
        await NodeRunAsync(nora, withheld, "withhold", HttpStatusCode.OK, new { reason = "Too few patients of one sex in this cohort." });
        await NodeRunAsync(nora, released, "release", HttpStatusCode.Conflict);

        var releasedRun = Node(await s.WaitEndedAsync(released), "node-2");
        Assert.Equal("succeeded", releasedRun.GetProperty("state").GetString());
        Assert.Equal(heldMetrics, releasedRun.GetProperty("result").GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
        var withheldRun = Node(await s.WaitEndedAsync(withheld), "node-2");
        Assert.Equal("failed", withheldRun.GetProperty("state").GetString());
        Assert.Equal("The result was withheld by a data holder at this node: Too few patients of one sex in this cohort.", withheldRun.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, withheldRun.GetProperty("result").ValueKind);

        Assert.Equal(
            ["federation.result-released", "federation.result-sent", "federation.run-approved", "federation.run-finished", "federation.run-received", "federation.run-started"],
            (await NodeAuditAsync(platform, 2, released)).Distinct().Order());
        Assert.Equal(
            ["federation.result-withheld", "federation.run-approved", "federation.run-finished", "federation.run-received", "federation.run-started"],
            (await NodeAuditAsync(platform, 2, withheld)).Distinct().Order());
    }

    private static async Task<Guid> SubmitAsync(FederatedRunScenario s, Guid dataset)
    {
        var created = await TenantRequests.ReadAsync(
            await s.Rita.PostAsJsonAsync("/api/federation/runs", s.Run([dataset], metrics: ["accuracy", "auc"])), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>A client of node N's own Api (<c>node-N-api</c>), signed in as <paramref name="login"/> with the same LS Login as the hub.</summary>
    private static async Task<HttpClient> NodeApiClientAsync(PlatformRun platform, int node, string login)
    {
        var client = platform.App.CreateHttpClient($"node-{node}-api", "http");
        client.DefaultRequestHeaders.Authorization = new("Bearer", await platform.LsLogin().AccessTokenAsync(login, "eucaim-cli"));
        return client;
    }

    /// <summary>A data holder's decision on a run at the node (<c>approve</c>, <c>refuse</c>, <c>release</c>, <c>withhold</c>), answered with <paramref name="status"/>.</summary>
    private static async Task<JsonElement> NodeRunAsync(HttpClient client, Guid run, string decision, HttpStatusCode status, object? body = null) =>
        await TenantRequests.ReadAsync(await client.PostAsJsonAsync($"/api/node/runs/{run}/{decision}", body ?? new { }), status);

    [Fact]
    public async Task A_run_is_refused_with_the_field_named_when_its_image_flavor_metrics_or_datasets_are_wrong()
    {
        var platform = fixture.Platform.Platform;
        var (_, granted) = Pick(1, bothSexes: false);
        var notGranted = DevFederation.DatasetsOfNode(1, FederationTopologyFixture.Nodes).Select(d => SeedCatalogue.IdOf(d.DatasetKey)).First(d => d != granted);
        await using var s = await StartAsync(platform, granted);

        foreach (var (body, status, field) in new (object Body, HttpStatusCode Status, string Field)[]
                 {
                     (s.Run([granted], image: "registry.example.org/not-listed:1"), HttpStatusCode.BadRequest, "image"),
                     (s.Run([granted], flavor: OtherFlavor), HttpStatusCode.Forbidden, "flavor"),
                     (s.Run([granted], metrics: ["dice", "loss"]), HttpStatusCode.BadRequest, "metrics"),
                     (s.Run([granted], metrics: []), HttpStatusCode.BadRequest, "metrics"),
                     (s.Run([granted], counts: ["Subjects!"]), HttpStatusCode.BadRequest, "counts"),
                     (s.Run([]), HttpStatusCode.BadRequest, "datasets"),
                     (s.Run([TestNode.CentralSeedDataset]), HttpStatusCode.BadRequest, "datasets"),
                     (s.Run([notGranted]), HttpStatusCode.Forbidden, "datasets"),
                 })
        {
            var response = await s.Rita.PostAsJsonAsync("/api/federation/runs", body);
            var problem = await TenantRequests.ReadAsync(response, status);
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        // Someone else's tenant is not found; nothing was submitted.
        using var rob = await platform.CreateApiClientForAsync("rob");
        Assert.Equal(HttpStatusCode.NotFound, (await rob.PostAsJsonAsync("/api/federation/runs", s.Run([granted]))).StatusCode);
        Assert.Empty((await TenantRequests.ReadAsync(await s.Rita.GetAsync($"/api/federation/runs?tenant={s.Tenant}"), HttpStatusCode.OK)).EnumerateArray());
    }

    /// <summary>A dataset of <paramref name="node"/> that the committee alone grants (and, when asked, with both sexes in its cohort).</summary>
    internal static (SeedDataset Seed, Guid Id) Pick(int node, bool bothSexes)
    {
        var seed = DevFederation.DatasetsOfNode(node, FederationTopologyFixture.Nodes).First(d =>
            !DataHolderApprovalRule.Derive(d.TermsOfUse)
            && (!bothSexes || SyntheticCohort.Of(d).Select(x => x.Sex).Distinct().Count() == 2));
        return (seed, SeedCatalogue.IdOf(seed.DatasetKey));
    }

    private static void AssertReleased(JsonElement count, int truth)
    {
        if (count.GetProperty("suppressed").GetBoolean())
        {
            Assert.True(truth < 10 + MaxNoise, $"suppressed, but the truth is {truth}");
            return;
        }

        Assert.InRange(count.GetProperty("value").GetInt32(), truth - MaxNoise, truth + MaxNoise);
    }

    /// <summary>The actions of a run in node N's own audit chain (its own database).</summary>
    private static async Task<List<string>> NodeAuditAsync(PlatformRun platform, int node, Guid runId)
    {
        var admin = await platform.ConnectionStringAsync(EucaimDatabase.ConnectionName);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = $"eucaim_node_{node}" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT action FROM audit_entries WHERE target_id = @run ORDER BY seq", connection);
        command.Parameters.AddWithValue("run", runId.ToString());
        var actions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }
}
