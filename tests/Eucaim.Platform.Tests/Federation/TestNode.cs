using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A federated node played by the test: its own P-256 key, registered at the hub by alba, polling the
/// hub's link with signed messages and answering count queries as the test says.
/// </summary>
internal sealed class TestNode : IDisposable
{
    private TestNode(string id, HttpClient link, ECDsa hubKey, IReadOnlyList<Guid> datasets)
    {
        Id = id;
        Link = link;
        HubKey = hubKey;
        Datasets = datasets;
    }

    public string Id { get; }

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public IReadOnlyList<Guid> Datasets { get; }

    private HttpClient Link { get; }

    private ECDsa HubKey { get; }

    /// <summary>The seed catalogue's federated datasets, in seed order.</summary>
    public static IReadOnlyList<Guid> FederatedSeedDatasets { get; } = SeedCatalogue.Read()
        .Where(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal)).Select(d => CatalogueSeeder.IdOf(d.DatasetKey)).ToList();

    public static Guid CentralSeedDataset { get; } = SeedCatalogue.Read()
        .Where(d => !d.DataSharing.Contains("ederated", StringComparison.Ordinal)).Select(d => CatalogueSeeder.IdOf(d.DatasetKey)).First();

    public static string NewId() => $"tn-{Guid.NewGuid():N}"[..14];

    /// <summary>A node registered by <paramref name="admin"/> for <paramref name="datasets"/>.</summary>
    public static async Task<TestNode> RegisterAsync(PlatformRun platform, HttpClient admin, params Guid[] datasets)
    {
        var node = await CreateAsync(platform, datasets);
        await ReadAsync(await admin.PostAsJsonAsync("/api/federation/nodes", new
        {
            id = node.Id,
            organisation = $"Hospital {node.Id}",
            publicKey = node.Key.ExportSubjectPublicKeyInfoPem(),
            datasets,
        }), HttpStatusCode.Created);
        return node;
    }

    /// <summary>A node with its key and the hub's, not registered yet: the test registers it (with the CLI, say).</summary>
    public static async Task<TestNode> CreateAsync(PlatformRun platform, params Guid[] datasets)
    {
        var hub = await ReadAsync(await platform.CreateApiClient().GetAsync("/federation/key"), HttpStatusCode.OK);
        var hubKey = ECDsa.Create();
        hubKey.ImportFromPem(hub.GetProperty("publicKey").GetString());
        return new TestNode(NewId(), platform.CreateApiClient(), hubKey, datasets);
    }

    public string Sign<T>(string kind, T body, string recipient = FederationMessage.HubId, DateTimeOffset? issuedAt = null, ECDsa? key = null) =>
        FederationMessage.Create(Id, recipient, kind, body, issuedAt ?? DateTimeOffset.UtcNow).Sign(key ?? Key);

    public Task<HttpResponseMessage> PostAsync(string path, string jws)
    {
        var content = new StringContent(jws, Encoding.ASCII);
        content.Headers.ContentType = new(FederationMessage.MediaType);
        return Link.PostAsync(path, content);
    }

    /// <summary>One poll; the messages of <paramref name="kind"/> it delivered (count queries unless said), each verified with the hub's public key.</summary>
    public async Task<List<FederationMessage>> PollAsync(int waitSeconds = 1, CancellationToken cancellationToken = default, string kind = FederationMessageKinds.CountQuery)
    {
        var response = await PostAsync(FederationLink.PollPath, Sign(FederationMessageKinds.Poll, new LinkPoll(waitSeconds)));
        var delivery = await ReadAsync(response, HttpStatusCode.OK);
        var messages = new List<FederationMessage>();
        foreach (var jws in delivery.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!))
        {
            var message = FederationMessage.Read(jws, HubKey, out var problem);
            Assert.True(message is not null, $"the hub's message does not verify with its published key: {problem}");
            Assert.Equal(FederationMessage.HubId, message.Sender);
            Assert.Equal(Id, message.Recipient);
            Assert.Equal(kind, message.Kind);
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>Polls until a count query arrives (or <paramref name="cancellationToken"/> ends the wait).</summary>
    public async Task<CountQuery> NextQueryAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((await PollAsync(2, cancellationToken)).FirstOrDefault() is { } message)
            {
                return message.BodyAs<CountQuery>();
            }
        }
    }

    /// <summary>Polls until a run request arrives (or <paramref name="cancellationToken"/> ends the wait).</summary>
    public Task<RunRequest> NextRunRequestAsync(CancellationToken cancellationToken) =>
        NextAsync<RunRequest>(FederationMessageKinds.RunRequest, cancellationToken);

    /// <summary>Polls until a message of <paramref name="kind"/> arrives (or <paramref name="cancellationToken"/> ends the wait); its body.</summary>
    public async Task<T> NextAsync<T>(string kind, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((await PollAsync(2, cancellationToken, kind)).FirstOrDefault() is { } message)
            {
                return message.BodyAs<T>();
            }
        }
    }

    /// <summary>Sends <paramref name="body"/> (any JSON, to try what the hub refuses) as a message of <paramref name="kind"/>.</summary>
    public Task<HttpResponseMessage> SendAsync<T>(string kind, T body) => PostAsync(FederationLink.MessagesPath, Sign(kind, body));

    public Task<HttpResponseMessage> AnswerAsync(CountAnswer answer) =>
        PostAsync(FederationLink.MessagesPath, Sign(FederationMessageKinds.CountAnswer, answer));

    /// <summary>Answers the next query with <paramref name="counts"/> for each dataset asked.</summary>
    public async Task<CountQuery> AnswerNextAsync(Func<Guid, DatasetCounts> counts, CountPrivacy privacy, CancellationToken cancellationToken)
    {
        var query = await NextQueryAsync(cancellationToken);
        await ReadAsync(await AnswerAsync(new CountAnswer(query.QueryId, query.Datasets.Select(counts).ToList(), privacy)), HttpStatusCode.Accepted);
        return query;
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public void Dispose()
    {
        Key.Dispose();
        HubKey.Dispose();
        Link.Dispose();
    }
}
