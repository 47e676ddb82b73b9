using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Audit;
using Eucaim.Platform.Tests.Identity;
using static Eucaim.Platform.Tests.Federation.TestNode;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// Federated count searches against nodes the test plays: the hub asks each active node about its own
/// datasets only, shows suppressed cells as "&lt; threshold", waits for a silent node no longer than the
/// count time-out, and keeps an answer that arrives late.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FederatedSearchTests(PlatformFixture fixture)
{
    private static readonly CountPrivacy Privacy = new("laplace", 1.0, 5, 10);

    /// <summary>A silent node may delay the answer by the count time-out and no more: this margin only covers the request itself.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    private static PrivateCount Value(int value) => new(value, false);

    private static PrivateCount Suppressed => new(null, true);

    [Fact]
    public async Task Two_nodes_answer_their_own_datasets_and_suppressed_cells_show_as_below_the_threshold()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        using var rita = await platform.CreateApiClientForAsync("rita");
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        var (d1, d2) = (FederatedSeedDatasets[0], FederatedSeedDatasets[1]);
        using var a = await RegisterAsync(platform, alba, d1);
        using var b = await RegisterAsync(platform, alba, d2);
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var answerA = a.AnswerNextAsync(id => new DatasetCounts(id, Value(37), Suppressed, Value(120)), Privacy, patience.Token);
            var answerB = b.AnswerNextAsync(id => new DatasetCounts(id, Suppressed, Value(12), Value(15)), Privacy, patience.Token);

            var search = await ReadAsync(await rita.PostAsJsonAsync("/api/federation/counts",
                new { sex = "F", ageMin = 40, ageMax = 80, modality = "mr", datasets = new[] { d1, d2 } }), HttpStatusCode.OK);
            var (queryA, queryB) = (await answerA, await answerB);

            Assert.Equal([d1], queryA.Datasets);
            Assert.Equal([d2], queryB.Datasets);
            Assert.Equal(new CountFilters("F", 40, 80, "MR", null, null), queryA.Filters);
            Assert.Equal(search.GetProperty("queryId").GetGuid(), queryA.QueryId);

            Assert.True(search.GetProperty("complete").GetBoolean(), search.GetRawText());
            Assert.Equal(JsonValueKind.Null, search.GetProperty("note").ValueKind);
            Assert.Equal("MR", search.GetProperty("filters").GetProperty("modality").GetString());
            var nodeA = Node(search, a.Id);
            Assert.Equal("answered", nodeA.GetProperty("status").GetString());
            Assert.Equal($"Hospital {a.Id}", nodeA.GetProperty("organisation").GetString());
            Assert.Equal(10, nodeA.GetProperty("privacy").GetProperty("smallCellThreshold").GetInt32());
            Assert.True(nodeA.GetProperty("answeredAfter").GetInt64() >= 0);
            var cellA = Assert.Single(nodeA.GetProperty("datasets").EnumerateArray());
            Assert.Equal(d1, cellA.GetProperty("datasetId").GetGuid());
            Assert.False(string.IsNullOrEmpty(cellA.GetProperty("title").GetString()));
            Assert.Equal("37", cellA.GetProperty("subjects").GetProperty("display").GetString());
            Assert.Equal(37, cellA.GetProperty("subjects").GetProperty("value").GetInt32());
            Assert.Equal("< 10", cellA.GetProperty("studies").GetProperty("display").GetString());
            Assert.Equal(JsonValueKind.Null, cellA.GetProperty("studies").GetProperty("value").ValueKind);
            Assert.True(cellA.GetProperty("studies").GetProperty("suppressed").GetBoolean());
            var cellB = Assert.Single(Node(search, b.Id).GetProperty("datasets").EnumerateArray());
            Assert.Equal("< 10", cellB.GetProperty("subjects").GetProperty("display").GetString());

            var totals = search.GetProperty("totals");
            Assert.Equal(37, totals.GetProperty("subjects").GetProperty("value").GetInt64());
            Assert.Equal(1, totals.GetProperty("subjects").GetProperty("suppressedCells").GetInt32());
            Assert.Equal("37 + 1 suppressed cell", totals.GetProperty("subjects").GetProperty("display").GetString());
            Assert.Equal(135, totals.GetProperty("series").GetProperty("value").GetInt64());
            Assert.Equal("135", totals.GetProperty("series").GetProperty("display").GetString());

            var queryId = search.GetProperty("queryId").GetGuid();
            var reread = await ReadAsync(await rita.GetAsync($"/api/federation/counts/{queryId}"), HttpStatusCode.OK);
            Assert.Equal("37", Assert.Single(Node(reread, a.Id).GetProperty("datasets").EnumerateArray()).GetProperty("subjects").GetProperty("display").GetString());
            await ReadAsync(await alba.GetAsync($"/api/federation/counts/{queryId}"), HttpStatusCode.OK);
            await ReadAsync(await hugo.GetAsync($"/api/federation/counts/{queryId}"), HttpStatusCode.NotFound);

            var seen = await ReadAsync(await alba.GetAsync($"/api/federation/nodes/{a.Id}"), HttpStatusCode.OK);
            Assert.NotEqual(JsonValueKind.Null, seen.GetProperty("lastSeenAt").ValueKind);

            await AuditLog.WaitForAsync(alba, "action=federation.counts-asked&limit=100",
                e => e.GetProperty("targetId").GetString() == queryId.ToString(), found => found.Count == 1, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await RevokeAsync(alba, a, b);
        }
    }

    [Fact]
    public async Task A_silent_node_times_out_within_the_count_timeout_and_its_late_answer_shows_on_a_reread()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        using var rita = await platform.CreateApiClientForAsync("rita");
        var (d1, d3) = (FederatedSeedDatasets[0], FederatedSeedDatasets[2]);
        using var answering = await RegisterAsync(platform, alba, d1);
        using var silent = await RegisterAsync(platform, alba, d3);
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var answered = answering.AnswerNextAsync(id => new DatasetCounts(id, Value(20), Value(30), Value(40)), Privacy, patience.Token);
            var received = silent.NextQueryAsync(patience.Token);

            var clock = Stopwatch.StartNew();
            var search = await ReadAsync(await rita.PostAsJsonAsync("/api/federation/counts", new { datasets = new[] { d1, d3 } }), HttpStatusCode.OK);
            clock.Stop();
            await answered;
            var query = await received;

            var timeout = search.GetProperty("answerBy").GetDateTimeOffset() - search.GetProperty("askedAt").GetDateTimeOffset();
            Assert.True(clock.Elapsed < timeout + Margin, $"the search took {clock.Elapsed}, more than the count time-out {timeout} allows");
            Assert.False(search.GetProperty("complete").GetBoolean());
            Assert.Equal("answered", Node(search, answering.Id).GetProperty("status").GetString());
            var late = Node(search, silent.Id);
            Assert.Equal("timed-out", late.GetProperty("status").GetString());
            Assert.Empty(late.GetProperty("datasets").EnumerateArray());
            var note = search.GetProperty("note").GetString()!;
            Assert.Contains("1 of 2 nodes answered within", note, StringComparison.Ordinal);
            Assert.Contains($"{silent.Id} timed out", note, StringComparison.Ordinal);
            Assert.Equal(20, search.GetProperty("totals").GetProperty("subjects").GetProperty("value").GetInt64());

            // Once the time is up the query is no longer delivered, but an answer to it is still kept, as late.
            Assert.Empty(await silent.PollAsync());
            var lateAnswer = new CountAnswer(query.QueryId, [new DatasetCounts(d3, Value(11), Value(12), Value(13))], Privacy);
            await ReadAsync(await silent.AnswerAsync(lateAnswer), HttpStatusCode.Accepted);
            var reread = await ReadAsync(await rita.GetAsync($"/api/federation/counts/{query.QueryId}"), HttpStatusCode.OK);
            Assert.Equal("answered-late", Node(reread, silent.Id).GetProperty("status").GetString());
            Assert.Equal(31, reread.GetProperty("totals").GetProperty("subjects").GetProperty("value").GetInt64());
            Assert.True(reread.GetProperty("complete").GetBoolean());

            var again = await ReadAsync(await silent.AnswerAsync(lateAnswer), HttpStatusCode.Conflict);
            Assert.Equal("query-answered", again.GetProperty("rule").GetString());
        }
        finally
        {
            await RevokeAsync(alba, answering, silent);
        }
    }

    [Fact]
    public async Task A_revoked_node_gets_no_queries_and_its_messages_are_refused_with_403()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        using var rita = await platform.CreateApiClientForAsync("rita");
        var d1 = FederatedSeedDatasets[0];
        using var revoked = await RegisterAsync(platform, alba, d1);
        using var active = await RegisterAsync(platform, alba, d1);
        try
        {
            await ReadAsync(await alba.PostAsync($"/api/federation/nodes/{revoked.Id}/revoke", null), HttpStatusCode.OK);
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var answered = active.AnswerNextAsync(id => new DatasetCounts(id, Value(20), Value(30), Value(40)), Privacy, patience.Token);
            var search = await ReadAsync(await rita.PostAsJsonAsync("/api/federation/counts", new { datasets = new[] { d1 } }), HttpStatusCode.OK);
            await answered;

            Assert.Equal(active.Id, Assert.Single(search.GetProperty("nodes").EnumerateArray()).GetProperty("node").GetString());
            var refused = await ReadAsync(await revoked.PostAsync(FederationLink.PollPath, revoked.Sign(FederationMessageKinds.Poll, new LinkPoll(1))), HttpStatusCode.Forbidden);
            Assert.Equal("node-revoked", refused.GetProperty("rule").GetString());
            Assert.Contains(revoked.Id, refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await RevokeAsync(alba, active);
        }
    }

    [Fact]
    public async Task A_search_is_refused_when_a_filter_is_wrong_and_for_anonymous_callers()
    {
        using var rita = await fixture.Platform.CreateApiClientForAsync("rita");
        foreach (var (body, field) in new (object, string)[]
        {
            (new { sex = "X" }, "sex"),
            (new { ageMin = -1 }, "ageMin"),
            (new { ageMax = 151 }, "ageMax"),
            (new { ageMin = 60, ageMax = 40 }, "ageMax"),
            (new { modality = "XRAY" }, "modality"),
            (new { tier = "9" }, "tier"),
            (new { datasets = new[] { CentralSeedDataset } }, "datasets"),
        })
        {
            var problem = await ReadAsync(await rita.PostAsJsonAsync("/api/federation/counts", body), HttpStatusCode.BadRequest);
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Platform.CreateApiClient().PostAsJsonAsync("/api/federation/counts", new { sex = "F" })).StatusCode);
    }

    internal static JsonElement Node(JsonElement search, string id) =>
        search.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == id);

    /// <summary>Test nodes are revoked when their test ends, so that later searches of the run do not wait for them.</summary>
    internal static async Task RevokeAsync(HttpClient admin, params TestNode[] nodes)
    {
        foreach (var node in nodes)
        {
            await ReadAsync(await admin.PostAsync($"/api/federation/nodes/{node.Id}/revoke", null), HttpStatusCode.OK);
        }
    }
}
