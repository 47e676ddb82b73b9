using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>A federated search re-read by its asker or an admin, with the answers that arrived late.</summary>
public sealed class ReadFederatedCounts(EucaimDbContext db, TimeProvider time)
{
    public async Task<Outcome<FederatedCountsReport>> RunAsync(Actor actor, Guid queryId, CancellationToken cancellationToken)
    {
        var query = await db.FederatedQueries.AsNoTracking().Include(q => q.Nodes).FirstOrDefaultAsync(q => q.Id == queryId, cancellationToken);
        if (query is null || (query.AskedBy != actor.Identity.Subject && !actor.Identity.IsAdmin))
        {
            return Problem.NotFound("federated count query", queryId, hidesExisting: query is not null);
        }

        return await ReportAsync(query, inTimeOnly: false, cancellationToken);
    }

    /// <param name="inTimeOnly">The search's own answer: answers after the query's AnswerBy are left out (as timed out).</param>
    internal async Task<FederatedCountsReport> ReportAsync(FederatedQuery query, bool inTimeOnly, CancellationToken cancellationToken)
    {
        var organisations = await db.FederatedNodes.AsNoTracking().Where(n => query.Nodes.Select(q => q.NodeId).Contains(n.Id))
            .ToDictionaryAsync(n => n.Id, n => n.Organisation, cancellationToken);
        var datasetIds = query.Nodes.SelectMany(n => n.Datasets).Distinct().ToList();
        var titles = await db.DatasetVersions.AsNoTracking().Where(v => datasetIds.Contains(v.DatasetId))
            .GroupBy(v => v.DatasetId).Select(g => new { g.Key, g.OrderByDescending(v => v.Number).First().Name })
            .ToDictionaryAsync(t => t.Key, t => t.Name, cancellationToken);
        var now = time.GetUtcNow();
        var nodes = query.Nodes.OrderBy(n => n.NodeId, StringComparer.Ordinal)
            .Select(n => Shown(query, n, organisations.GetValueOrDefault(n.NodeId, n.NodeId), titles, inTimeOnly, now)).ToList();
        var answeredCells = nodes.Where(n => n.Status is NodeAnswerStatus.Answered or NodeAnswerStatus.AnsweredLate).SelectMany(n => n.Datasets).ToList();
        var totals = new CountTotals(Total(answeredCells.Select(d => d.Subjects)), Total(answeredCells.Select(d => d.Studies)), Total(answeredCells.Select(d => d.Series)));
        var complete = nodes.All(n => n.Status is NodeAnswerStatus.Answered or NodeAnswerStatus.AnsweredLate);
        return new FederatedCountsReport(query, complete, nodes, totals,
            FederationRules.Note(nodes.Select(n => (n.Node, n.Status)).ToList(), query.AnswerBy - query.AskedAt));
    }

    private static NodeCounts Shown(
        FederatedQuery query, FederatedQueryNode asked, string organisation, Dictionary<Guid, string> titles, bool inTimeOnly, DateTimeOffset now)
    {
        var answer = asked is { Answer: { } json, AnsweredAt: { } at } && (!inTimeOnly || at <= asked.AnswerBy)
            ? JsonSerializer.Deserialize<CountAnswer>(json, FederationJson.Options)
            : null;
        if (answer is null)
        {
            var status = now <= asked.AnswerBy && !inTimeOnly ? NodeAnswerStatus.Pending : NodeAnswerStatus.TimedOut;
            return new NodeCounts(asked.NodeId, organisation, status, null, null, []);
        }

        var threshold = answer.Privacy.SmallCellThreshold;
        ShownCount Show(PrivateCount c) => new(c.Value, c.Suppressed, FederationRules.Display(c, threshold));
        var datasets = answer.Datasets.Select(d => new ShownDatasetCounts(d.DatasetId, titles.GetValueOrDefault(d.DatasetId, d.DatasetId.ToString()),
            Show(d.Subjects), Show(d.Studies), Show(d.Series))).ToList();
        var answeredAt = asked.AnsweredAt!.Value;
        return new NodeCounts(asked.NodeId, organisation,
            answeredAt <= asked.AnswerBy ? NodeAnswerStatus.Answered : NodeAnswerStatus.AnsweredLate,
            (long)(answeredAt - query.AskedAt).TotalMilliseconds, answer.Privacy, datasets);
    }

    private static TotalCount Total(IEnumerable<ShownCount> cells)
    {
        var list = cells.ToList();
        var released = list.Where(c => !c.Suppressed && c.Value is not null).Sum(c => (long)c.Value!.Value);
        var suppressed = list.Count(c => c.Suppressed);
        return new TotalCount(released, suppressed, FederationRules.TotalDisplay(released, suppressed));
    }
}
