using System.Net;
using System.Net.Http.Json;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Tenants;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Access;

/// <summary>Who decides, when, and how often: self-decisions, double and late decisions, races, data holder approval.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessDecisionRuleTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task Own_double_and_late_decisions_are_refused()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        // kai sits on the committee and is also a member of a tenant of his own.
        var created = await (await scenario.UserAsync("alba")).PostAsJsonAsync("/api/tenants", TenantRequests.Tenant("tenant-kai", members: [SeededUsers.Subject("kai")]));
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest);
        var hugo = await scenario.UserAsync("hugo");
        var kai = await scenario.UserAsync("kai");
        var rita = await scenario.UserAsync("rita");
        var rob = await scenario.UserAsync("rob");
        var first = await scenario.PublishAsync("Rules cohort one");
        var second = await scenario.PublishAsync("Rules cohort two");

        var own = await SubmitAsync(kai, "tenant-kai", 10, first);
        var ownProblem = await ReadAsync(await DecideAsync(kai, own.GetProperty("id").GetGuid(), first, "approve"), HttpStatusCode.Forbidden);
        Assert.Equal("no-self-decision", ownProblem.GetProperty("rule").GetString());

        var request = await SubmitAsync(rita, "tenant-a", 10, first, second);
        var id = request.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(rita, id, first, "approve")).StatusCode);
        await ReadAsync(await DecideAsync(rob, id, first, "approve"), HttpStatusCode.NotFound);
        await ReadAsync(await DecideAsync(hugo, id, first, "approve", @as: "data-holder"), HttpStatusCode.BadRequest);
        await ReadAsync(await DecideAsync(kai, id, first, "approve"), HttpStatusCode.OK);
        var twice = await ReadAsync(await DecideAsync(kai, id, first, "reject"), HttpStatusCode.Conflict);
        Assert.Equal("already-decided", twice.GetProperty("rule").GetString());
        await ReadAsync(await DecideAsync(kai, id, Guid.NewGuid(), "approve"), HttpStatusCode.BadRequest);
        await ReadAsync(await DecideAsync(kai, id, second, "maybe"), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.Forbidden, (await kai.PostAsync($"/api/access-requests/{id}/withdraw", null)).StatusCode);
        var withdrawn = await ReadAsync(await rita.PostAsync($"/api/access-requests/{id}/withdraw", null), HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        Assert.Equal("withdrawn", Item(withdrawn, second).GetProperty("status").GetString());
        Assert.Equal("approved", Item(withdrawn, first).GetProperty("status").GetString());
        var late = await ReadAsync(await DecideAsync(kai, id, second, "approve"), HttpStatusCode.Conflict);
        Assert.Equal("request-closed", late.GetProperty("rule").GetString());
        await ReadAsync(await rita.PostAsync($"/api/access-requests/{id}/withdraw", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Of_concurrent_decisions_exactly_one_wins()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var rita = await scenario.UserAsync("rita");
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Platform.CreateApiClientForAsync("kai")));
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var dataset = await scenario.PublishAsync($"Race cohort {round}");
                var id = (await SubmitAsync(rita, "tenant-a", 10, dataset)).GetProperty("id").GetGuid();
                var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                    DecideAsync(clients[i % clients.Length], id, dataset, i % 2 == 0 ? "approve" : "reject")));
                var statuses = answers.Select(a => a.StatusCode).ToList();
                Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
                Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.Conflict));

                var winner = await ReadAsync(answers.Single(a => a.StatusCode == HttpStatusCode.OK), HttpStatusCode.OK);
                var final = await ReadAsync(await rita.GetAsync($"/api/access-requests/{id}"), HttpStatusCode.OK);
                Assert.Single(final.GetProperty("decisions").EnumerateArray());
                Assert.Equal(Item(winner, dataset).GetProperty("status").GetString(), Item(final, dataset).GetProperty("status").GetString());
                var grants = await GrantsAsync(rita, $"dataset={dataset}");
                Assert.Equal(Item(final, dataset).GetProperty("status").GetString() == "approved" ? 1 : 0, grants.Length);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_dataset_whose_terms_require_it_needs_its_data_holder_too()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var hugo = await scenario.UserAsync("hugo");
        var clara = await scenario.UserAsync("clara");
        var kai = await scenario.UserAsync("kai");
        var rita = await scenario.UserAsync("rita");
        var dataset = await scenario.PublishAsync("Holder-approved cohort", requiresDataHolderApproval: true);

        var request = await SubmitAsync(rita, "tenant-a", 20, dataset);
        var id = request.GetProperty("id").GetGuid();
        Assert.True(Item(request, dataset).GetProperty("requiresDataHolderApproval").GetBoolean());

        var afterCommittee = await ReadAsync(await DecideAsync(kai, id, dataset, "approve"), HttpStatusCode.OK);
        Assert.Equal("pending", Item(afterCommittee, dataset).GetProperty("status").GetString());
        Assert.Equal("under-review", afterCommittee.GetProperty("status").GetString());
        Assert.Empty(await GrantsAsync(rita, $"dataset={dataset}"));
        var hugoInbox = await ReadAsync(await hugo.GetAsync("/api/notifications"), HttpStatusCode.OK);
        Assert.Contains(hugoInbox.EnumerateArray(), n => n.GetProperty("accessRequestId").ValueKind != System.Text.Json.JsonValueKind.Null
            && n.GetProperty("accessRequestId").GetGuid() == id);

        // Another organization's data holder does not even see the request.
        await ReadAsync(await DecideAsync(clara, id, dataset, "approve", @as: "data-holder"), HttpStatusCode.NotFound);
        var decided = await ReadAsync(await DecideAsync(hugo, id, dataset, "approve", validUntil: DateTimeOffset.UtcNow.AddDays(5)), HttpStatusCode.OK);
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        var grant = Assert.Single(await GrantsAsync(rita, $"dataset={dataset}&active=true"));
        // The earliest end wins: the data holder's five days, not the twenty asked for.
        Assert.True(grant.GetProperty("validUntil").GetDateTimeOffset() <= DateTimeOffset.UtcNow.AddDays(5));
    }

    [Fact]
    public async Task Changes_requested_then_revised_with_comments_from_both_sides()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var kai = await scenario.UserAsync("kai");
        var rita = await scenario.UserAsync("rita");
        var dataset = await scenario.PublishAsync("Revised cohort");
        var id = (await SubmitAsync(rita, "tenant-a", 20, dataset)).GetProperty("id").GetGuid();

        await ReadAsync(await rita.PostAsJsonAsync($"/api/access-requests/{id}/request-changes", new { body = "me?" }), HttpStatusCode.Forbidden);
        var sentBack = await ReadAsync(await kai.PostAsJsonAsync($"/api/access-requests/{id}/request-changes", new { body = "Name the ethics approval." }), HttpStatusCode.OK);
        Assert.Equal("changes-requested", sentBack.GetProperty("status").GetString());
        var waiting = await ReadAsync(await DecideAsync(kai, id, dataset, "approve"), HttpStatusCode.Conflict);
        Assert.Equal("awaiting-changes", waiting.GetProperty("rule").GetString());

        await ReadAsync(await rita.PostAsJsonAsync($"/api/access-requests/{id}/comments", new { body = "Ethics approval CEIm 2026/114 attached." }), HttpStatusCode.Created);
        var revised = await ReadAsync(await rita.PutAsJsonAsync($"/api/access-requests/{id}", new
        {
            title = "Nodule detection (ethics CEIm 2026/114)",
            purpose = "Train a nodule detector under ethics approval CEIm 2026/114.",
            duoCodes = new[] { "DUO:0000006" },
            requestedDays = 15,
        }), HttpStatusCode.OK);
        Assert.Equal("submitted", revised.GetProperty("status").GetString());
        Assert.Equal(2, revised.GetProperty("revision").GetInt32());
        Assert.Equal(15, revised.GetProperty("requestedDays").GetInt32());

        var comments = await ReadAsync(await kai.GetAsync($"/api/access-requests/{id}/comments"), HttpStatusCode.OK);
        Assert.Equal(["committee", "requester"], comments.EnumerateArray().Select(c => c.GetProperty("authorRole").GetString()!).ToArray());
        await ReadAsync(await DecideAsync(kai, id, dataset, "approve"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_data_holder_rule_is_derived_from_the_terms_of_use_until_set()
    {
        await using var datasets = new PublishedDatasets(fixture);
        using var hugo = await Platform.CreateApiClientForAsync("hugo");
        using var clara = await Platform.CreateApiClientForAsync("clara");
        var byRequest = datasets.Track(await CreateAsync(hugo, "Terms by request", "Access restricted. Access by request"));
        var unspecified = datasets.Track(await CreateAsync(hugo, "Terms unspecified", "Unspecified"));

        var derived = await ReadAsync(await hugo.GetAsync($"/api/datasets/{byRequest}/access-policy"), HttpStatusCode.OK);
        Assert.True(derived.GetProperty("requiresDataHolderApproval").GetBoolean());
        Assert.Equal("terms-of-use", derived.GetProperty("source").GetString());
        Assert.False((await ReadAsync(await hugo.GetAsync($"/api/datasets/{unspecified}/access-policy"), HttpStatusCode.OK))
            .GetProperty("requiresDataHolderApproval").GetBoolean());

        await ReadAsync(await clara.PutAsJsonAsync($"/api/datasets/{byRequest}/access-policy", new { requiresDataHolderApproval = false }), HttpStatusCode.Forbidden);
        var set = await ReadAsync(await hugo.PutAsJsonAsync($"/api/datasets/{byRequest}/access-policy", new { requiresDataHolderApproval = false }), HttpStatusCode.OK);
        Assert.Equal("data-holder", set.GetProperty("source").GetString());
        Assert.False(set.GetProperty("requiresDataHolderApproval").GetBoolean());
    }

    private static async Task<Guid> CreateAsync(HttpClient holder, string name, string terms)
    {
        var metadata = CatalogueApi.Metadata(name, Hm);
        metadata["termsOfUse"] = terms;
        var (created, _) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(holder, HttpMethod.Post, "/api/datasets", metadata), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(holder, HttpMethod.Post, $"/api/datasets/{id}/publish"), HttpStatusCode.OK);
        return id;
    }
}
