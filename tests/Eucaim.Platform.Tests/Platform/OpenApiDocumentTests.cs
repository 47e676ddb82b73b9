using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eucaim.Platform.Tests.Platform;

/// <summary>
/// The API's contract with its clients: the served OpenAPI document must equal the reviewed copy in
/// this folder, so a route, parameter or schema never changes by accident. A deliberate change is
/// made by running this test with <c>EUCAIM_ACCEPT_OPENAPI=1</c>, which rewrites the copy for review.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiDocumentTests(PlatformFixture fixture)
{
    private static readonly string ReviewedPath = Path.Combine(SeededUsersRoot(), "tests", "Eucaim.Platform.Tests", "Platform", "openapi.v1.json");

    [Fact]
    public async Task The_served_document_is_the_reviewed_one()
    {
        using var api = fixture.Platform.CreateApiClient();
        var served = Normalize(await api.GetStringAsync("/openapi/v1.json"));

        if (Environment.GetEnvironmentVariable("EUCAIM_ACCEPT_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(ReviewedPath, served);
        }

        Assert.True(File.Exists(ReviewedPath), $"No reviewed OpenAPI document at {ReviewedPath}: run once with EUCAIM_ACCEPT_OPENAPI=1 and review it.");
        var reviewed = await File.ReadAllTextAsync(ReviewedPath);
        if (reviewed != served)
        {
            var difference = reviewed.Split('\n').Zip(served.Split('\n'), (r, s) => (r, s)).Select((pair, line) => (pair, line))
                .FirstOrDefault(x => x.pair.r != x.pair.s);
            Assert.Fail($"The OpenAPI document changed, first at line {difference.line + 1}:\n  reviewed: {difference.pair.r}\n  served:   {difference.pair.s}\n"
                + "If the change is deliberate, accept it with EUCAIM_ACCEPT_OPENAPI=1 and say which names changed.");
        }
    }

    /// <summary>The document without what differs between runs (the server's address), indented, keys in a stable order.</summary>
    private static string Normalize(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("servers");
        return Sort(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(e => Sort(e?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string SeededUsersRoot() => Identity.SeededUsers.RepositoryRoot;
}
