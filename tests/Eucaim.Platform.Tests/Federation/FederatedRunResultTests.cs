using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Audit;
using Eucaim.Platform.Tests.Tenants;
using static Eucaim.Platform.Tests.Federation.TestNode;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// Nothing but a schema-valid result crosses from a node to the hub: with a node the test plays, a result with
/// an extra field, an undeclared metric or bytes where a number belongs, and a result from a node the run was not
/// sent to, are refused (400) and audited, and the node's part of the run is then <c>result-refused</c>; a
/// result of the declared schema is accepted once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FederatedRunResultTests(PlatformFixture fixture)
{
    private static readonly string[] Metrics = ["accuracy", "auc"];
    private static readonly string[] Counts = ["subjects"];

    private static readonly Guid Dataset = SeedCatalogue.Read()
        .Where(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal) && !DataHolderApprovalRule.Derive(d.TermsOfUse))
        .Select(d => SeedCatalogue.IdOf(d.DatasetKey)).Last();

    private static object Released(int value) => new { value, suppressed = false };

    [Fact]
    public async Task Results_with_an_extra_field_an_undeclared_metric_bytes_or_from_a_node_not_asked_are_refused_and_audited()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Dataset);
        using var node = await RegisterAsync(platform, s.Alba, Dataset);
        using var stranger = await RegisterAsync(platform, s.Alba, FederatedSeedDatasets[0]);
        try
        {
            foreach (var (name, result) in new (string Name, Func<Guid, object> Result)[]
                     {
                         ("an extra field", run => new { runId = run, metrics = new { accuracy = 0.5, auc = 0.6 }, counts = new { subjects = Released(12) }, log = "SYN-0001 F 1960-01-01" }),
                         ("an undeclared metric", run => new { runId = run, metrics = new { accuracy = 0.5, auc = 0.6, dice = 0.9 }, counts = new { subjects = Released(12) } }),
                         ("bytes for a metric", run => new { runId = run, metrics = new { accuracy = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", auc = 0.6 }, counts = new { subjects = Released(12) } }),
                         ("a file among the counts", run => new { runId = run, metrics = new { accuracy = 0.5, auc = 0.6 }, counts = new { subjects = new { value = 12, suppressed = false, file = "cmVwb3J0LnBkZg==" } } }),
                         ("an undeclared count", run => new { runId = run, metrics = new { accuracy = 0.5, auc = 0.6 }, counts = new { subjects = Released(12), patients = Released(11) } }),
                     })
            {
                var run = await SubmitAndTakeAsync(s, node);
                var response = await node.SendAsync(FederationMessageKinds.RunResult, result(run));
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                var part = FederatedRunScenario.Node(await ReadAsync(await s.Rita.GetAsync($"/api/federation/runs/{run}"), HttpStatusCode.OK), node.Id);
                Assert.Equal("result-refused", part.GetProperty("state").GetString());
                Assert.StartsWith("The result was refused", part.GetProperty("reason").GetString(), StringComparison.Ordinal);
                Assert.Equal(JsonValueKind.Null, part.GetProperty("result").ValueKind);
                await AssertRefusalAuditedAsync(s.Alba, run, node.Id);
            }

            // A node the run was not sent to cannot answer it; the asked node's part is left as it was.
            var asked = await SubmitAndTakeAsync(s, node);
            var foreign = await stranger.SendAsync(FederationMessageKinds.RunResult,
                new RunResult(asked, new Dictionary<string, double> { ["accuracy"] = 1, ["auc"] = 1 }, new Dictionary<string, PrivateCount> { ["subjects"] = new(12, false) }));
            Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
            await AssertRefusalAuditedAsync(s.Alba, null, stranger.Id);
            Assert.Equal("accepted", FederatedRunScenario.Node(await ReadAsync(await s.Rita.GetAsync($"/api/federation/runs/{asked}"), HttpStatusCode.OK), node.Id)
                .GetProperty("state").GetString());

            // The declared schema goes through, once.
            await ReadAsync(await node.SendAsync(FederationMessageKinds.RunUpdate, new RunUpdate(asked, RunUpdateState.Running, null)), HttpStatusCode.Accepted);
            var valid = new RunResult(asked, new Dictionary<string, double> { ["accuracy"] = 0.75, ["auc"] = 0.5 }, new Dictionary<string, PrivateCount> { ["subjects"] = new(null, true) });
            await ReadAsync(await node.SendAsync(FederationMessageKinds.RunResult, valid), HttpStatusCode.Accepted);
            var done = FederatedRunScenario.Node(await ReadAsync(await s.Rita.GetAsync($"/api/federation/runs/{asked}"), HttpStatusCode.OK), node.Id);
            Assert.Equal("succeeded", done.GetProperty("state").GetString());
            Assert.Equal(0.75, done.GetProperty("result").GetProperty("metrics").GetProperty("accuracy").GetDouble());
            Assert.True(done.GetProperty("result").GetProperty("counts").GetProperty("subjects").GetProperty("suppressed").GetBoolean());
            Assert.Equal(HttpStatusCode.BadRequest, (await node.SendAsync(FederationMessageKinds.RunResult, valid)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await node.SendAsync(FederationMessageKinds.RunUpdate, new RunUpdate(asked, RunUpdateState.Failed, "late"))).StatusCode);
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, node, stranger);
        }
    }

    [Fact]
    public async Task A_node_gets_a_signed_run_request_for_its_own_datasets_and_reports_its_refusal_in_words()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Dataset);
        using var node = await RegisterAsync(platform, s.Alba, Dataset);
        try
        {
            var created = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/runs", s.Run([Dataset], Metrics, Counts)), HttpStatusCode.Created);
            var runId = created.GetProperty("id").GetGuid();
            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);
            var request = await node.NextRunRequestAsync(patience.Token);
            Assert.Equal(runId, request.RunId);
            Assert.Equal([Dataset], request.Datasets);
            Assert.Equal(FederatedRunScenario.ValidationImage, request.Image);
            Assert.Equal(FederatedRunScenario.Flavor, request.Flavor);
            Assert.Equal(Metrics, request.Schema.Metrics);
            Assert.Equal(Counts, request.Schema.Counts);
            Assert.Equal(s.Tenant, request.Requester.Tenant);
            Assert.Equal("example.org", request.Requester.Organisation);
            Assert.Equal(["--age-threshold", "60"], request.Arguments);

            await ReadAsync(await node.SendAsync(FederationMessageKinds.RunUpdate,
                new RunUpdate(runId, RunUpdateState.Refused, "The data holder does not take runs this month.")), HttpStatusCode.Accepted);
            var part = FederatedRunScenario.Node(await ReadAsync(await s.Rita.GetAsync($"/api/federation/runs/{runId}"), HttpStatusCode.OK), node.Id);
            Assert.Equal("refused", part.GetProperty("state").GetString());
            Assert.Equal("The data holder does not take runs this month.", part.GetProperty("reason").GetString());

            // A refused run is over at that node: it is not handed over again, and takes no result.
            Assert.Empty(await node.PollAsync(1, default, FederationMessageKinds.RunRequest));
            Assert.Equal(HttpStatusCode.BadRequest, (await node.SendAsync(FederationMessageKinds.RunResult,
                new RunResult(runId, new Dictionary<string, double> { ["accuracy"] = 1, ["auc"] = 1 }, new Dictionary<string, PrivateCount> { ["subjects"] = new(12, false) }))).StatusCode);

            // Other tenants' members do not see the run; admins do.
            using var rob = await platform.CreateApiClientForAsync("rob");
            Assert.Equal(HttpStatusCode.NotFound, (await rob.GetAsync($"/api/federation/runs/{runId}")).StatusCode);
            await ReadAsync(await s.Alba.GetAsync($"/api/federation/runs/{runId}"), HttpStatusCode.OK);
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, node);
        }
    }

    /// <summary>rita submits a run on the dataset; the node takes its request and accepts it; returns the run id.</summary>
    private static async Task<Guid> SubmitAndTakeAsync(FederatedRunScenario s, TestNode node)
    {
        var created = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/runs", s.Run([Dataset], Metrics, Counts)), HttpStatusCode.Created);
        var runId = created.GetProperty("id").GetGuid();
        using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);
        RunRequest request;
        do
        {
            request = await node.NextRunRequestAsync(patience.Token);
        }
        while (request.RunId != runId);

        await ReadAsync(await node.SendAsync(FederationMessageKinds.RunUpdate, new RunUpdate(runId, RunUpdateState.Accepted, null)), HttpStatusCode.Accepted);
        return runId;
    }

    private static async Task AssertRefusalAuditedAsync(HttpClient alba, Guid? run, string node)
    {
        var entries = await AuditLog.EntriesAsync(alba, "action=federation.result-refused&limit=500");
        Assert.Contains(entries, e =>
            e.GetProperty("actor").GetString() == $"system:federation-node:{node}"
            && (run is null || e.GetProperty("targetId").GetString() == run.ToString())
            && e.GetProperty("outcome").GetString() == "denied");
    }
}
