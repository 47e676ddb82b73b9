using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's long poll: its pending count queries, oldest first, or nothing once the wait is over.
/// A query is pending while unanswered and before its AnswerBy. A delivered query is delivered again
/// only when the node polls again at least <see cref="RedeliverAfter"/> after the delivery without
/// having answered (the earlier response may have been lost on the way); the node's replay guard
/// drops a copy it already accepted, since the copy is the same signed message. Run requests (no deadline: a
/// node may be away for hours) are signed when they are handed over, and handed over again the same way while
/// the node has not reported on the run; the node takes up a run once whatever the copy. A training round's
/// train request likewise, and again now and then while the node trains (<see cref="RedeliverTakenAfter"/>).
/// </summary>
public sealed class PollFederationLink(EucaimDbContext db, FederationHubKey hubKey, IFederationSignal signal, IOptions<FederationHubOptions> options, TimeProvider time)
{
    public static readonly TimeSpan RedeliverAfter = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A train request the node took up but has not finished is handed over again this long after the last delivery:
    /// a node whose process restarted mid-round forgot it, and takes it up again (a live node drops the copy).
    /// </summary>
    public static readonly TimeSpan RedeliverTakenAfter = TimeSpan.FromSeconds(30);

    /// <summary>Re-read this often even without a notification: a lost one only delays a delivery.</summary>
    private static readonly TimeSpan Reread = TimeSpan.FromMilliseconds(500);

    public static TimeSpan Wait(LinkPoll poll, TimeSpan maxWait) =>
        TimeSpan.FromSeconds(Math.Min(Math.Clamp(poll.WaitSeconds, 1, 60), maxWait.TotalSeconds));

    public async Task<LinkDelivery> RunAsync(FederatedNode node, LinkPoll poll, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Wait(poll, options.Value.MaxPollWait);
        while (true)
        {
            var wake = signal.Next(NotificationChannels.FederationQueued, node.Id);
            var messages = await TakeAsync(node.Id, cancellationToken);
            var left = deadline - time.GetUtcNow();
            if (messages.Count > 0 || left <= TimeSpan.Zero)
            {
                return new LinkDelivery(messages);
            }

            await wake.WaitAsync(left < Reread ? left : Reread, time, cancellationToken).ContinueWith(
                t => cancellationToken.ThrowIfCancellationRequested(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private async Task<List<string>> TakeAsync(string nodeId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var redeliverBefore = now - RedeliverAfter;

        // One statement marks and returns, so two polls of the same node at once never both take a fresh message.
        var messages = await db.Database.SqlQuery<string>(
            $"""
             WITH taken AS (
                 UPDATE federation_query_nodes q SET delivered_at = {now}
                 FROM (SELECT query_id, node_id FROM federation_query_nodes
                       WHERE node_id = {nodeId} AND answered_at IS NULL AND answer_by > {now}
                         AND (delivered_at IS NULL OR delivered_at <= {redeliverBefore})
                       ORDER BY answer_by LIMIT 100 FOR UPDATE SKIP LOCKED) pending
                 WHERE q.query_id = pending.query_id AND q.node_id = pending.node_id
                 RETURNING q.message, q.answer_by)
             SELECT message AS "Value" FROM taken ORDER BY answer_by
             """).ToListAsync(cancellationToken);
        var runs = await db.Database.SqlQuery<string>(
            $"""
             WITH taken AS (
                 UPDATE federation_run_nodes r SET delivered_at = {now}
                 FROM (SELECT run_id, node_id FROM federation_run_nodes
                       WHERE node_id = {nodeId} AND state = {FederatedRunStates.Pending}
                         AND (delivered_at IS NULL OR delivered_at <= {redeliverBefore})
                       ORDER BY run_id LIMIT 20 FOR UPDATE SKIP LOCKED) pending
                 WHERE r.run_id = pending.run_id AND r.node_id = pending.node_id
                 RETURNING r.request, r.run_id)
             SELECT request::text AS "Value" FROM taken ORDER BY run_id
             """).ToListAsync(cancellationToken);
        foreach (var request in runs)
        {
            var body = JsonSerializer.Deserialize<RunRequest>(request, FederationJson.Options)!;
            messages.Add(hubKey.Sign(FederationMessage.Create(FederationMessage.HubId, nodeId, FederationMessageKinds.RunRequest, body, now)));
        }

        var takenBefore = now - RedeliverTakenAfter;
        var trainings = await db.Database.SqlQuery<string>(
            $"""
             WITH taken AS (
                 UPDATE federation_training_contributions c SET delivered_at = {now}
                 FROM (SELECT training_id, round, node_id FROM federation_training_contributions
                       WHERE node_id = {nodeId}
                         AND ((state = {FederatedRunStates.Pending} AND (delivered_at IS NULL OR delivered_at <= {redeliverBefore}))
                           OR (state <> {FederatedRunStates.Pending} AND state <> ALL({FederatedTrainingStates.FinalContributionStates}) AND delivered_at <= {takenBefore}))
                       ORDER BY training_id, round LIMIT 20 FOR UPDATE SKIP LOCKED) pending
                 WHERE c.training_id = pending.training_id AND c.round = pending.round AND c.node_id = pending.node_id
                 RETURNING c.request, c.training_id, c.round)
             SELECT request::text AS "Value" FROM taken ORDER BY training_id, round
             """).ToListAsync(cancellationToken);
        foreach (var request in trainings)
        {
            var body = JsonSerializer.Deserialize<TrainRequest>(request, FederationJson.Options)!;
            messages.Add(hubKey.Sign(FederationMessage.Create(FederationMessage.HubId, nodeId, FederationMessageKinds.TrainRequest, body, now)));
        }

        return messages;
    }
}
