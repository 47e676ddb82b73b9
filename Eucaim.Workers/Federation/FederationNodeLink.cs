using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Workers.Federation;

/// <summary>
/// One node's side of the link, one poll at a time (<see cref="FederationAgent"/> loops over it): answers that
/// could not be delivered are sent again first, then a signed poll is held open by the hub until it has
/// messages for the node. Every message must verify with the hub's key and pass the receiver's checks
/// (audience, freshness, replay) before the node acts on it. Counts are made private here, at the node,
/// before they are signed and sent. The node only ever connects out to the hub.
/// </summary>
public sealed partial class FederationNodeLink(
    FederationNodeOptions options, FederationNodeKeys keys, HttpClient http, IServiceScopeFactory scopes, TimeProvider time, ILogger<FederationNodeLink> logger,
    INodeRuns? runner = null, INodeTrainings? trainer = null)
{
    /// <summary>How often the replay guard forgets the ids of messages too old to be accepted anyway.</summary>
    public static readonly TimeSpan ForgetInterval = TimeSpan.FromMinutes(5);

    private readonly List<PendingAnswer> _pending = [];
    private readonly List<PendingReport> _pendingReports = [];

    /// <summary>
    /// Runs and training rounds taken up by this process (<see cref="WorkOf"/>): the hub hands a request over again
    /// until the node reports on it.
    /// </summary>
    private readonly HashSet<string> _taken = [];
    private DateTimeOffset _lastForget = DateTimeOffset.MinValue;
    private bool _seeded;

    private string NodeId => options.Id!;

    private Uri Hub => new(options.HubUrl!.TrimEnd('/') + "/");

    public CountPrivacy Privacy => new(CountRelease.Mechanism, options.Privacy.Epsilon, options.Privacy.MaxNoise, options.Privacy.SmallCellThreshold);

    /// <summary>Answers not delivered yet (the hub was unreachable), sent again on the next poll while their query's AnswerBy has not passed.</summary>
    public int PendingAnswers => _pending.Count + _pendingReports.Count;

    /// <summary>
    /// One round: the dev seed if it is configured and not done, the undelivered answers, the runs the node's data
    /// holders decided on, the replay guard's clean-up when due, one long poll and the messages it brought. Throws when the hub cannot be reached
    /// (the loop backs off).
    /// </summary>
    /// <returns>How many messages the poll delivered.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken);
        await SendPendingAsync(cancellationToken);
        await SendPendingReportsAsync(cancellationToken);
        if (runner is not null)
        {
            // What the node's data holders decided since the last round (and what a process that died left) goes on first.
            await runner.ResumeAsync(run => SendFor(RunWork(run)), cancellationToken);
        }

        await ForgetExpiredWhenDueAsync(cancellationToken);
        var delivery = await PollAsync(cancellationToken);
        foreach (var jws in delivery.Messages)
        {
            await ReceiveAsync(jws, cancellationToken);
        }

        return delivery.Messages.Count;
    }

    /// <summary>Seeds the node's dev datasets (when <see cref="FederationNodeOptions.DevSeed"/> is set) before any query is answered.</summary>
    public async Task EnsureSeededAsync(CancellationToken cancellationToken)
    {
        if (_seeded || options.DevSeed is not { } seed)
        {
            _seeded = true;
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<SeedNodeDatasets>().RunAsync(seed.Node, seed.Nodes, cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"The node's dev seed failed: {outcome.Problem.Title} {outcome.Problem.Detail}");
        }

        LogSeeded(logger, NodeId, outcome.Value);
        _seeded = true;
    }

    /// <summary>Acts on one JWS from the hub, or refuses it (logged) when it does not verify or fails the checks.</summary>
    public async Task ReceiveAsync(string jws, CancellationToken cancellationToken)
    {
        var message = FederationMessage.Read(jws, keys.HubKey, out var problem);
        if (message is null)
        {
            LogRefused(logger, NodeId, problem);
            return;
        }

        if (message.Sender != FederationMessage.HubId)
        {
            LogRefused(logger, NodeId, $"the message claims sender {message.Sender}; only the hub sends to a node");
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<FederationMessageChecks>().AcceptAsync(message, NodeId, cancellationToken) is { } refused)
            {
                LogRefused(logger, NodeId, refused);
                return;
            }
        }

        switch (message.Kind)
        {
            case FederationMessageKinds.CountQuery:
                await AnswerAsync(message, cancellationToken);
                break;
            case FederationMessageKinds.RunRequest when runner is not null:
                await TakeAsync<RunRequest>(message, WorkOf, runner.RunAsync, cancellationToken);
                break;
            case FederationMessageKinds.TrainRequest when trainer is not null:
                await TakeAsync<TrainRequest>(message, WorkOf, trainer.TrainAsync, cancellationToken);
                break;
            default:
                LogUnknownKind(logger, NodeId, message.Kind, message.Id);
                break;
        }
    }

    private async Task AnswerAsync(FederationMessage message, CancellationToken cancellationToken)
    {
        CountQuery query;
        try
        {
            query = message.BodyAs<CountQuery>();
        }
        catch (JsonException ex)
        {
            LogRefused(logger, NodeId, $"the count query {message.Id} is unreadable: {ex.Message}");
            return;
        }

        if (query.Datasets is null || query.Filters is null)
        {
            LogRefused(logger, NodeId, $"the count query {query.QueryId} lacks datasets or filters");
            return;
        }

        if (query.AnswerBy <= time.GetUtcNow())
        {
            LogTooLate(logger, NodeId, query.QueryId, query.AnswerBy);
            return;
        }

        IReadOnlyList<LocalCounts> counts;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<CountLocalIndex>().RunAsync(query.Datasets, query.Filters, cancellationToken);
            if (!outcome.Succeeded)
            {
                LogRefused(logger, NodeId, $"the count query {query.QueryId} is not valid: {outcome.Problem.Detail}");
                return;
            }

            counts = outcome.Value;
        }

        var privacy = Privacy;
        var answer = new CountAnswer(query.QueryId, counts.Select(c => CountRelease.Release(c, query.Filters, privacy, keys.NoiseKey)).ToList(), privacy);
        var pending = new PendingAnswer(answer, query.AnswerBy);
        if (!await TrySendAsync(pending, cancellationToken))
        {
            _pending.Add(pending);
        }
    }

    /// <summary>
    /// A run request or a training round: decided and, when taken, run here and now (the poll waits meanwhile); each
    /// report to the hub that cannot be delivered is kept and sent again, in order, on the next rounds.
    /// </summary>
    private async Task TakeAsync<TRequest>(
        FederationMessage message, Func<TRequest, string?> workOf, Func<TRequest, Func<string, object, CancellationToken, Task>, CancellationToken, Task> take,
        CancellationToken cancellationToken)
    {
        TRequest request;
        try
        {
            request = message.BodyAs<TRequest>();
        }
        catch (JsonException ex)
        {
            LogRefused(logger, NodeId, $"the {message.Kind} {message.Id} is unreadable: {ex.Message}");
            return;
        }

        if (workOf(request) is not { } work || !_taken.Add(work))
        {
            return;
        }

        await take(request, SendFor(work), cancellationToken);
    }

    /// <summary>The report channel of one run or training round: delivered now, or kept and sent again, in order, on the next rounds.</summary>
    private Func<string, object, CancellationToken, Task> SendFor(string work) => async (kind, body, ct) =>
    {
        var pending = new PendingReport(work, kind, body);
        if (_pendingReports.Count > 0 || !await TrySendReportAsync(pending, ct))
        {
            _pendingReports.Add(pending);
        }
    };

    /// <summary>What a request is, once for all its re-deliveries: a run, or one round of a training; null when it names none.</summary>
    private static string? WorkOf(RunRequest request) => request.RunId == Guid.Empty ? null : RunWork(request.RunId);

    private static string RunWork(Guid run) => $"run {run:D}";

    private static string? WorkOf(TrainRequest request) =>
        request.TrainingId == Guid.Empty ? null : string.Create(CultureInfo.InvariantCulture, $"training {request.TrainingId:D} round {request.Round}");

    private async Task SendPendingReportsAsync(CancellationToken cancellationToken)
    {
        while (_pendingReports.Count > 0 && await TrySendReportAsync(_pendingReports[0], cancellationToken))
        {
            _pendingReports.RemoveAt(0);
        }
    }

    /// <returns>False when the hub could not be reached (the message is kept); true when it was delivered, or refused for good.</returns>
    private async Task<bool> TrySendReportAsync(PendingReport pending, CancellationToken cancellationToken)
    {
        var jws = FederationMessage.Create(NodeId, FederationMessage.HubId, pending.Kind, pending.Body, time.GetUtcNow()).Sign(keys.SigningKey);
        try
        {
            using var response = await http.PostAsync(new Uri(Hub, FederationLink.MessagesPath.TrimStart('/')), Jose(jws), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                LogReported(logger, NodeId, pending.Work, pending.Kind);
                return true;
            }

            if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
            {
                LogReportRefused(logger, NodeId, pending.Work, pending.Kind, (int)response.StatusCode, await Excerpt(response, cancellationToken));
                return true;
            }

            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogReportNotDelivered(logger, NodeId, pending.Work, pending.Kind, ex.Message);
            return false;
        }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in _pending.ToList())
        {
            if (pending.AnswerBy <= time.GetUtcNow())
            {
                _pending.Remove(pending);
                LogTooLate(logger, NodeId, pending.Answer.QueryId, pending.AnswerBy);
                continue;
            }

            if (await TrySendAsync(pending, cancellationToken))
            {
                _pending.Remove(pending);
            }
        }
    }

    /// <returns>False when the hub could not be reached (the answer is kept); true when it was delivered, or refused for good.</returns>
    private async Task<bool> TrySendAsync(PendingAnswer pending, CancellationToken cancellationToken)
    {
        // Signed at each attempt: a copy signed earlier may have grown too old for the hub's freshness check.
        var jws = FederationMessage.Create(NodeId, FederationMessage.HubId, FederationMessageKinds.CountAnswer, pending.Answer, time.GetUtcNow()).Sign(keys.SigningKey);
        try
        {
            using var response = await http.PostAsync(new Uri(Hub, FederationLink.MessagesPath.TrimStart('/')), Jose(jws), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted || response.IsSuccessStatusCode)
            {
                LogAnswered(logger, NodeId, pending.Answer.QueryId, pending.Answer.Datasets.Count);
                return true;
            }

            if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
            {
                LogAnswerRefused(logger, NodeId, pending.Answer.QueryId, (int)response.StatusCode, await Excerpt(response, cancellationToken));
                return true;
            }

            LogAnswerNotDelivered(logger, NodeId, pending.Answer.QueryId, $"HTTP {(int)response.StatusCode}");
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogAnswerNotDelivered(logger, NodeId, pending.Answer.QueryId, ex.Message);
            return false;
        }
    }

    private async Task<LinkDelivery> PollAsync(CancellationToken cancellationToken)
    {
        var wait = (int)Math.Clamp(Math.Round(options.PollWait.TotalSeconds), 1, 60);
        var jws = FederationMessage.Create(NodeId, FederationMessage.HubId, FederationMessageKinds.Poll, new LinkPoll(wait), time.GetUtcNow()).Sign(keys.SigningKey);
        using var response = await http.PostAsync(new Uri(Hub, FederationLink.PollPath.TrimStart('/')), Jose(jws), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The hub answered the poll with HTTP {(int)response.StatusCode}: {await Excerpt(response, cancellationToken)}", null, response.StatusCode);
        }

        var delivery = await JsonSerializer.DeserializeAsync<LinkDelivery>(await response.Content.ReadAsStreamAsync(cancellationToken), FederationJson.Options, cancellationToken);
        return delivery ?? new LinkDelivery([]);
    }

    private async Task ForgetExpiredWhenDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastForget < ForgetInterval)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FederationMessageChecks>().ForgetExpiredAsync(cancellationToken);
        _lastForget = now;
    }

    private static StringContent Jose(string jws)
    {
        var content = new StringContent(jws, Encoding.ASCII);
        content.Headers.ContentType = new MediaTypeHeaderValue(FederationMessage.MediaType);
        return content;
    }

    private static async Task<string> Excerpt(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length > 500 ? text[..500] : text;
    }

    private sealed record PendingAnswer(CountAnswer Answer, DateTimeOffset AnswerBy);

    /// <param name="Work">The run or training round reported on (<see cref="WorkOf(RunRequest)"/>).</param>
    private sealed record PendingReport(string Work, string Kind, object Body);

    [LoggerMessage(EventId = 9408, Level = LogLevel.Information, Message = "Federation node {Node}: sent {Kind} of {Work}")]
    private static partial void LogReported(ILogger logger, string node, string work, string kind);

    [LoggerMessage(EventId = 9409, Level = LogLevel.Warning, Message = "Federation node {Node}: the hub refused the {Kind} of {Work} with HTTP {Status}, dropped: {Detail}")]
    private static partial void LogReportRefused(ILogger logger, string node, string work, string kind, int status, string detail);

    [LoggerMessage(EventId = 9410, Level = LogLevel.Warning, Message = "Federation node {Node}: the {Kind} of {Work} was not delivered ({Reason}); it is sent again on the next round")]
    private static partial void LogReportNotDelivered(ILogger logger, string node, string work, string kind, string reason);

    [LoggerMessage(EventId = 9401, Level = LogLevel.Warning, Message = "Federation node {Node}: a message from the hub was refused and not acted on: {Reason}")]
    private static partial void LogRefused(ILogger logger, string node, string? reason);

    [LoggerMessage(EventId = 9402, Level = LogLevel.Warning, Message = "Federation node {Node}: message {MessageId} of unknown kind {Kind} ignored")]
    private static partial void LogUnknownKind(ILogger logger, string node, string kind, Guid messageId);

    [LoggerMessage(EventId = 9403, Level = LogLevel.Information, Message = "Federation node {Node}: answered count query {QueryId} with the counts of {DatasetCount} dataset(s)")]
    private static partial void LogAnswered(ILogger logger, string node, Guid queryId, int datasetCount);

    [LoggerMessage(EventId = 9404, Level = LogLevel.Warning, Message = "Federation node {Node}: the hub refused the answer to count query {QueryId} with HTTP {Status}, dropped: {Detail}")]
    private static partial void LogAnswerRefused(ILogger logger, string node, Guid queryId, int status, string detail);

    [LoggerMessage(EventId = 9405, Level = LogLevel.Warning, Message = "Federation node {Node}: the answer to count query {QueryId} was not delivered ({Reason}); it is sent again on the next poll")]
    private static partial void LogAnswerNotDelivered(ILogger logger, string node, Guid queryId, string reason);

    [LoggerMessage(EventId = 9406, Level = LogLevel.Warning, Message = "Federation node {Node}: count query {QueryId} was to be answered by {AnswerBy}; not answered")]
    private static partial void LogTooLate(ILogger logger, string node, Guid queryId, DateTimeOffset answerBy);

    [LoggerMessage(EventId = 9407, Level = LogLevel.Information, Message = "Federation node {Node}: dev seed done, {Seeded} dataset(s) seeded by this run")]
    private static partial void LogSeeded(ILogger logger, string node, int seeded);
}
