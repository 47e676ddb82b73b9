using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Audit;
using Eucaim.Platform.Tests.Identity;
using static Eucaim.Platform.Tests.Federation.TestNode;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// The link's authentication is the message's signature: forged, replayed, stale and misaddressed
/// messages are refused with 401 naming why, malformed answers with 400, and every refusal is
/// audited, counted per node and window.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FederationLinkTests(PlatformFixture fixture)
{
    private static readonly CountPrivacy Privacy = new("laplace", 1.0, 5, 10);

    [Fact]
    public async Task Forged_replayed_stale_and_misaddressed_messages_are_refused_with_401_and_audited()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        using var node = await RegisterAsync(platform, alba, FederatedSeedDatasets[0]);
        try
        {
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var poll = new LinkPoll(1);

            await Refused(await node.PostAsync(FederationLink.PollPath, node.Sign(FederationMessageKinds.Poll, poll, key: other)), HttpStatusCode.Unauthorized, "signature does not verify");

            var once = node.Sign(FederationMessageKinds.Poll, poll);
            await ReadAsync(await node.PostAsync(FederationLink.PollPath, once), HttpStatusCode.OK);
            await Refused(await node.PostAsync(FederationLink.PollPath, once), HttpStatusCode.Unauthorized, "replay");

            await Refused(await node.PostAsync(FederationLink.PollPath, node.Sign(FederationMessageKinds.Poll, poll, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-10))),
                HttpStatusCode.Unauthorized, "minutes from this side's clock");
            await Refused(await node.PostAsync(FederationLink.PollPath, node.Sign(FederationMessageKinds.Poll, poll, recipient: "node-elsewhere")),
                HttpStatusCode.Unauthorized, "addressed to node-elsewhere");

            var stranger = FederationMessage.Create(NewId(), FederationMessage.HubId, FederationMessageKinds.Poll, poll, DateTimeOffset.UtcNow).Sign(other);
            await Refused(await node.PostAsync(FederationLink.PollPath, stranger), HttpStatusCode.Unauthorized, "is registered on this hub");
            await Refused(await node.PostAsync(FederationLink.PollPath, "not a jws"), HttpStatusCode.Unauthorized, "names no sender");

            var json = new StringContent(node.Sign(FederationMessageKinds.Poll, poll), Encoding.ASCII, "application/json");
            await Refused(await platform.CreateApiClient().PostAsync(FederationLink.PollPath, json), HttpStatusCode.UnsupportedMediaType, FederationMessage.MediaType);

            // A refusal is counted, not chained at once: it reaches the chain, under the node, with its reasons, when its window closes.
            await AuditLog.WaitForAsync(alba, $"action=federation.message-refused&actor={Uri.EscapeDataString($"federation-node:{node.Id}")}&limit=100",
                _ => true,
                found => Reasons(found) is var reasons && reasons.Contains("signature does not verify") && reasons.Contains("replay")
                    && reasons.Contains("minutes from this side's clock") && reasons.Contains("addressed to node-elsewhere"));
            Assert.DoesNotContain(await AuditLog.EntriesAsync(alba, "action=authorization.failed&limit=200"),
                e => e.GetProperty("targetId").GetString()!.Contains("/federation/link/", StringComparison.Ordinal));
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(alba, node);
        }
    }

    [Fact]
    public async Task Answers_with_unknown_fields_datasets_not_asked_or_malformed_counts_are_refused_with_400_and_audited()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        using var rita = await platform.CreateApiClientForAsync("rita");
        var (d1, d2) = (FederatedSeedDatasets[0], FederatedSeedDatasets[1]);
        using var node = await RegisterAsync(platform, alba, d1);
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var received = node.NextQueryAsync(patience.Token);
            var search = rita.PostAsJsonAsync("/api/federation/counts", new { datasets = new[] { d1 } });
            var query = await received;
            var counts = new DatasetCounts(d1, new(20, false), new(null, true), new(40, false));

            var extra = node.Sign(FederationMessageKinds.CountAnswer, new { query.QueryId, Datasets = new[] { counts }, Privacy, Comment = "an extra field" });
            var problem = await Refused(await node.PostAsync(FederationLink.MessagesPath, extra), HttpStatusCode.BadRequest, "comment");
            Assert.Equal("body", problem.GetProperty("errors").EnumerateObject().Single().Name);

            await Refused(await node.AnswerAsync(new CountAnswer(query.QueryId, [counts with { DatasetId = d2 }], Privacy)), HttpStatusCode.BadRequest, "were not asked");
            await Refused(await node.AnswerAsync(new CountAnswer(query.QueryId, [counts with { Studies = new(5, true) }], Privacy)), HttpStatusCode.BadRequest, "suppressed but has a value");
            await Refused(await node.AnswerAsync(new CountAnswer(query.QueryId, [counts with { Series = new(-3, false) }], Privacy)), HttpStatusCode.BadRequest, "negative");
            await Refused(await node.AnswerAsync(new CountAnswer(Guid.NewGuid(), [counts], Privacy)), HttpStatusCode.Conflict, "was not sent to node");

            // Refused answers stored nothing: the search still times out on this node, and the right answer is still taken (late).
            var result = await ReadAsync(await search, HttpStatusCode.OK);
            Assert.Equal("timed-out", FederatedSearchTests.Node(result, node.Id).GetProperty("status").GetString());
            await ReadAsync(await node.AnswerAsync(new CountAnswer(query.QueryId, [counts], Privacy)), HttpStatusCode.Accepted);

            await AuditLog.WaitForAsync(alba, $"action=federation.message-refused&actor={Uri.EscapeDataString($"federation-node:{node.Id}")}&limit=100",
                _ => true,
                found => Reasons(found) is var reasons && reasons.Contains("comment") && reasons.Contains("were not asked") && reasons.Contains("suppressed but has a value"));
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(alba, node);
        }
    }

    private static string Reasons(List<JsonElement> entries) =>
        string.Join("\n", entries.Select(e => e.GetProperty("details").GetProperty("targets").GetString()));

    private static async Task<JsonElement> Refused(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var problem = await ReadAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }
}
