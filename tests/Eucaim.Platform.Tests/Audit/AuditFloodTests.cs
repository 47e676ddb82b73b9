using System.Net;
using System.Text.Json;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Audit;

/// <summary>
/// A signed-in caller probing something hidden from them many times within a refusal window (a minute by default; 15 s in the tests) adds one entry
/// to the chain, with the count, not one per request: the chain cannot be flooded.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditFloodTests(PlatformFixture fixture)
{
    private const int Probes = 25;
    private const string Route = "GET /api/datasets/{id:guid}/access-history";

    [Fact]
    public async Task Hidden_404s_of_one_actor_and_route_within_a_window_become_one_entry_with_their_count()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        using var rob = await platform.CreateApiClientForAsync("rob");
        var query = $"action=authorization.failed&actor={SeededUsers.Subject("rob")}&limit=100";

        // A batch that happens to straddle a window's end is counted in two windows: then another batch.
        for (var attempt = 1; ; attempt++)
        {
            var (draft, _) = await CatalogueApi.ReadAsync(
                await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata($"Flood probe {Guid.NewGuid():N}", Access.AccessTestApi.Hm)),
                HttpStatusCode.Created);
            var hidden = $"dataset {draft.GetProperty("id").GetGuid()}";
            var headBefore = (await AuditLog.VerifyAsync(alba)).GetProperty("checked").GetInt64();
            for (var i = 0; i < Probes; i++)
            {
                var probe = await rob.GetAsync($"/api/datasets/{draft.GetProperty("id").GetGuid()}/access-history");
                Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
            }

            var rows = await AuditLog.WaitForAsync(alba, query,
                e => e.GetProperty("details").TryGetProperty("targets", out var t) && t.GetString()!.Contains(hidden, StringComparison.Ordinal),
                found => found.Sum(Count) == Probes);
            Assert.All(rows, r => Assert.Equal(Route, r.GetProperty("targetId").GetString()));
            Assert.All(rows, r => Assert.Equal("404", r.GetProperty("details").GetProperty("status").GetString()));
            if (rows.Count == 1 || attempt == 3)
            {
                var row = Assert.Single(rows);
                Assert.Equal(Probes, Count(row));
                Assert.Equal("denied", row.GetProperty("outcome").GetString());
                Assert.Equal(hidden, row.GetProperty("details").GetProperty("hidden").GetString());

                // Nothing else of rob's reached the chain for these probes: one entry, however many requests.
                var robsSince = (await AuditLog.EntriesAsync(alba, query))
                    .Count(e => e.GetProperty("seq").GetInt64() > headBefore && e.GetProperty("targetId").GetString() == Route);
                Assert.Equal(1, robsSince);
                break;
            }
        }

        var verification = await AuditLog.VerifyAsync(alba);
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
    }

    private static int Count(JsonElement entry) => int.Parse(entry.GetProperty("details").GetProperty("count").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
