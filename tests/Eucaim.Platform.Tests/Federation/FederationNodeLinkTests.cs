using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Eucaim.Workers.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A node's side of the link against a stand-in hub (the real hub is another slice): the node seeds its dev
/// datasets, polls with a signed message, answers a genuine count query with private counts signed with its
/// key, refuses forged, misaddressed, stale and replayed messages without acting on them, keeps an answer the
/// hub could not take and sends it on the next round, and drops one the hub refuses.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FederationNodeLinkTests(PlatformFixture fixture) : IAsyncLifetime
{
    private const string NodeId = "node-2";
    private readonly ECDsa _hubKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentQueue<string> _toNode = new();
    private readonly ConcurrentQueue<FederationMessage> _fromNode = new();
    private readonly ConcurrentQueue<int> _answerStatuses = new();
    private int _polls;
    private NodeDatabase _node = null!;
    private WebApplication _hub = null!;
    private FederationNodeLink _link = null!;
    private FederationNodeOptions _options = null!;

    public async Task InitializeAsync()
    {
        _hub = await StartHubAsync();
        _options = new FederationNodeOptions
        {
            Id = NodeId,
            HubUrl = _hub.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(),
            PollWait = TimeSpan.FromSeconds(1),
            Privacy = new FederationPrivacyOptions { Epsilon = 1.0, MaxNoise = 3, SmallCellThreshold = 5 },
            DevSeed = new FederationDevSeedOptions { Node = 2, Nodes = 3 },
        };
        _node = await NodeDatabase.CreateAsync(fixture.Platform);
        _link = LinkWith();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _node.DisposeAsync();
        _hubKey.Dispose();
        _nodeKey.Dispose();
    }

    [Fact]
    public async Task A_genuine_query_is_answered_once_with_private_counts_and_every_other_message_is_refused()
    {
        var mine = DevFederation.DatasetsOfNode(2, 3);
        var ids = mine.Select(s => CatalogueSeeder.IdOf(s.DatasetKey)).ToList();
        var filters = new CountFilters(null, null, null, null, null, null);
        var query = new CountQuery(Guid.NewGuid(), [.. ids, Guid.NewGuid()], filters, DateTimeOffset.UtcNow.AddMinutes(2));
        var genuine = FromHub(query);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _toNode.Enqueue(genuine);
        _toNode.Enqueue(genuine);
        _toNode.Enqueue(FromHub(query with { QueryId = Guid.NewGuid() }, signedBy: stranger));
        _toNode.Enqueue(FromHub(query with { QueryId = Guid.NewGuid() }, to: "node-9"));
        _toNode.Enqueue(FromHub(query with { QueryId = Guid.NewGuid() }, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-10)));
        _toNode.Enqueue(FromHub(query with { QueryId = Guid.NewGuid() }, from: "node-1"));

        Assert.Equal(6, await _link.RunOnceAsync(CancellationToken.None));

        Assert.True(_polls >= 1);
        var answer = Assert.Single(_fromNode);
        Assert.Equal((NodeId, FederationMessage.HubId, FederationMessageKinds.CountAnswer), (answer.Sender, answer.Recipient, answer.Kind));
        var body = answer.BodyAs<CountAnswer>();
        Assert.Equal(query.QueryId, body.QueryId);
        Assert.Equal(new CountPrivacy("laplace", 1.0, 3, 5), body.Privacy);
        Assert.Equal(ids.Order(), body.Datasets.Select(d => d.DatasetId).Order());
        var noiseKey = CountRelease.NoiseKey(_nodeKey);
        foreach (var seed in mine)
        {
            var cohort = SyntheticCohort.Of(seed);
            var truth = new LocalCounts(CatalogueSeeder.IdOf(seed.DatasetKey), cohort.Count, cohort.Count, cohort.Sum(s => s.Series.Count));
            var released = Assert.Single(body.Datasets, d => d.DatasetId == truth.DatasetId);
            Assert.Equal(CountRelease.Release(truth, filters, body.Privacy, noiseKey), released);
        }

        // A cohort of 4 subjects is under the threshold of 5: its subjects are suppressed, not shown.
        Assert.Contains(body.Datasets, d => d.Subjects.Suppressed && d.Subjects.Value is null);
    }

    [Fact]
    public async Task An_answer_the_hub_cannot_take_is_kept_and_sent_on_the_next_round_and_one_it_refuses_is_dropped()
    {
        var ids = DevFederation.DatasetsOfNode(2, 3).Select(s => CatalogueSeeder.IdOf(s.DatasetKey)).ToList();
        _answerStatuses.Enqueue(503);
        _toNode.Enqueue(FromHub(new CountQuery(Guid.NewGuid(), ids, new CountFilters("F", null, null, null, null, null), DateTimeOffset.UtcNow.AddMinutes(2))));

        await _link.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, _link.PendingAnswers);
        Assert.Empty(_fromNode);

        await _link.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, _link.PendingAnswers);
        Assert.Single(_fromNode);

        _answerStatuses.Enqueue(400);
        _toNode.Enqueue(FromHub(new CountQuery(Guid.NewGuid(), ids, new CountFilters("M", null, null, null, null, null), DateTimeOffset.UtcNow.AddMinutes(2))));
        await _link.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, _link.PendingAnswers);
        Assert.Single(_fromNode);
    }

    [Fact]
    public async Task A_run_request_is_taken_once_and_its_reports_go_back_signed_in_order_even_across_a_hub_that_could_not_take_one()
    {
        var runs = new RecordingRuns();
        var link = LinkWith(runs: runs);
        var request = new RunRequest(Guid.NewGuid(), "eucaim/federated-validation:1.0", [Guid.NewGuid()], "small-cpu",
            new RunResultSchema(["auc"], []), new RunRequester("rita", "tenant-a", "example.org"), []);
        string Signed() => FederationMessage.Create(FederationMessage.HubId, NodeId, FederationMessageKinds.RunRequest, request, DateTimeOffset.UtcNow).Sign(_hubKey);

        // The hub hands the request over again until the node reports: a second copy (a new message) is not run again.
        _toNode.Enqueue(Signed());
        _toNode.Enqueue(Signed());
        _answerStatuses.Enqueue(202);
        _answerStatuses.Enqueue(503);
        Assert.Equal(2, await link.RunOnceAsync(CancellationToken.None));
        Assert.Equal([request.RunId], runs.Taken);
        Assert.Equal(2, link.PendingAnswers);
        Assert.Equal([FederationMessageKinds.RunUpdate], _fromNode.Select(m => m.Kind));

        // The report the hub could not take goes on the next round, then the one after it, in order.
        _toNode.Enqueue(Signed());
        await link.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, link.PendingAnswers);
        Assert.Equal([request.RunId], runs.Taken);
        Assert.Equal([FederationMessageKinds.RunUpdate, FederationMessageKinds.RunUpdate, FederationMessageKinds.RunResult], _fromNode.Select(m => m.Kind));
        Assert.Equal([RunUpdateState.Accepted, RunUpdateState.Running], _fromNode.Take(2).Select(m => m.BodyAs<RunUpdate>().State));
        Assert.Equal(0.5, _fromNode.Last().BodyAs<RunResult>().Metrics["auc"]);
    }

    [Fact]
    public async Task A_train_request_is_taken_once_per_round_and_its_reports_go_back_signed_in_order_even_across_a_hub_that_could_not_take_one()
    {
        var trainings = new RecordingTrainings();
        var link = LinkWith(trainings: trainings);
        var request = new TrainRequest(Guid.NewGuid(), 1, "eucaim/federated-training:1.0", [Guid.NewGuid()], "small-cpu",
            new TrainingModel(2, ["loss"]), [0.5, -0.5], new RunRequester("rita", "tenant-a", "example.org"), []);
        string Signed(TrainRequest body) =>
            FederationMessage.Create(FederationMessage.HubId, NodeId, FederationMessageKinds.TrainRequest, body, DateTimeOffset.UtcNow).Sign(_hubKey);

        // The hub hands a round over again until the node reports: a second copy (a new message) is not trained again.
        _toNode.Enqueue(Signed(request));
        _toNode.Enqueue(Signed(request));
        _answerStatuses.Enqueue(202);
        _answerStatuses.Enqueue(503);
        Assert.Equal(2, await link.RunOnceAsync(CancellationToken.None));
        Assert.Equal([(request.TrainingId, 1)], trainings.Taken);
        Assert.Equal(2, link.PendingAnswers);
        Assert.Equal([FederationMessageKinds.TrainUpdate], _fromNode.Select(m => m.Kind));

        // The report the hub could not take goes on the next round, then the one after it, in order.
        _toNode.Enqueue(Signed(request));
        await link.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, link.PendingAnswers);
        Assert.Equal([(request.TrainingId, 1)], trainings.Taken);
        Assert.Equal([FederationMessageKinds.TrainUpdate, FederationMessageKinds.TrainUpdate, FederationMessageKinds.TrainResult], _fromNode.Select(m => m.Kind));
        Assert.Equal([RunUpdateState.Accepted, RunUpdateState.Running], _fromNode.Take(2).Select(m => m.BodyAs<TrainUpdate>().State));
        var result = _fromNode.Last().BodyAs<TrainResult>();
        Assert.Equal((request.TrainingId, 1, 15), (result.TrainingId, result.Round, result.Samples));
        Assert.Equal([0.25, -0.25], result.Weights);

        // The next round of the same training is other work: it is taken.
        _toNode.Enqueue(Signed(request with { Round = 2 }));
        await link.RunOnceAsync(CancellationToken.None);
        Assert.Equal([(request.TrainingId, 1), (request.TrainingId, 2)], trainings.Taken);
        Assert.Equal(6, _fromNode.Count);
        Assert.Equal(2, _fromNode.Last().BodyAs<TrainResult>().Round);
    }

    /// <summary>Stands for the node's trainer: accepts, trains, and reports a contribution of the model's shape.</summary>
    private sealed class RecordingTrainings : INodeTrainings
    {
        public List<(Guid TrainingId, int Round)> Taken { get; } = [];

        public async Task TrainAsync(TrainRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
        {
            Taken.Add((request.TrainingId, request.Round));
            await send(FederationMessageKinds.TrainUpdate, new TrainUpdate(request.TrainingId, request.Round, RunUpdateState.Accepted, null), cancellationToken);
            await send(FederationMessageKinds.TrainUpdate, new TrainUpdate(request.TrainingId, request.Round, RunUpdateState.Running, null), cancellationToken);
            await send(FederationMessageKinds.TrainResult, new TrainResult(request.TrainingId, request.Round, [.. request.GlobalWeights.Select(w => w / 2)], 15,
                new Dictionary<string, double> { ["loss"] = 0.7 }), cancellationToken);
        }
    }

    /// <summary>Stands for the node's runner: accepts, runs, and reports a result of its schema.</summary>
    private sealed class RecordingRuns : INodeRuns
    {
        public List<Guid> Taken { get; } = [];

        public async Task RunAsync(RunRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
        {
            Taken.Add(request.RunId);
            await send(FederationMessageKinds.RunUpdate, new RunUpdate(request.RunId, RunUpdateState.Accepted, null), cancellationToken);
            await send(FederationMessageKinds.RunUpdate, new RunUpdate(request.RunId, RunUpdateState.Running, null), cancellationToken);
            await send(FederationMessageKinds.RunResult,
                new RunResult(request.RunId, new Dictionary<string, double> { ["auc"] = 0.5 }, new Dictionary<string, PrivateCount>()), cancellationToken);
        }
    }

    /// <summary>A link of this node with its own keys that hands run requests and training rounds to the given stand-ins.</summary>
    private FederationNodeLink LinkWith(INodeRuns? runs = null, INodeTrainings? trainings = null)
    {
        var signing = ECDsa.Create();
        signing.ImportPkcs8PrivateKey(_nodeKey.ExportPkcs8PrivateKey(), out _);
        var hub = ECDsa.Create();
        hub.ImportSubjectPublicKeyInfo(_hubKey.ExportSubjectPublicKeyInfo(), out _);
        return new FederationNodeLink(_options, new FederationNodeKeys(signing, hub), new HttpClient { Timeout = TimeSpan.FromSeconds(40) },
            _node.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, _node.Services.GetRequiredService<ILogger<FederationNodeLink>>(), runs, trainings);
    }

    private string FromHub(CountQuery query, ECDsa? signedBy = null, string to = NodeId, DateTimeOffset? issuedAt = null, string from = FederationMessage.HubId) =>
        FederationMessage.Create(from, to, FederationMessageKinds.CountQuery, query, issuedAt ?? DateTimeOffset.UtcNow).Sign(signedBy ?? _hubKey);

    /// <summary>The hub's two link endpoints as a node sees them: each checks the node's signature.</summary>
    private async Task<WebApplication> StartHubAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost(FederationLink.PollPath, async (HttpRequest request) =>
        {
            var poll = await ReadFromNodeAsync(request);
            if (poll?.Kind != FederationMessageKinds.Poll)
            {
                return Results.StatusCode(401);
            }

            Interlocked.Increment(ref _polls);
            var messages = new List<string>();
            while (_toNode.TryDequeue(out var jws))
            {
                messages.Add(jws);
            }

            return Results.Text(JsonSerializer.Serialize(new LinkDelivery(messages), FederationJson.Options), "application/json");
        });
        app.MapPost(FederationLink.MessagesPath, async (HttpRequest request) =>
        {
            var message = await ReadFromNodeAsync(request);
            if (message is null)
            {
                return Results.StatusCode(401);
            }

            var status = _answerStatuses.TryDequeue(out var s) ? s : 202;
            if (status == 202)
            {
                _fromNode.Enqueue(message);
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return app;
    }

    private async Task<FederationMessage?> ReadFromNodeAsync(HttpRequest request)
    {
        if (request.ContentType != FederationMessage.MediaType)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body);
        var message = FederationMessage.Read(await reader.ReadToEndAsync(), _nodeKey, out _);
        return message is { Sender: NodeId, Recipient: FederationMessage.HubId } ? message : null;
    }
}
