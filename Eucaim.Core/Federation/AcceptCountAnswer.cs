using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A node's answer to one of its count queries: well formed (no unknown fields, each count either a
/// value or suppressed), about a query sent to this node and not answered yet, about datasets asked
/// of it. Stored, and the waiting search is woken. An answer after the query's AnswerBy is kept as late.
/// </summary>
public sealed class AcceptCountAnswer(UnitOfWork uow)
{
    public async Task<Outcome<Done>> RunAsync(LinkReceipt receipt, CancellationToken cancellationToken)
    {
        CountAnswer? answer;
        try
        {
            answer = receipt.Message.BodyAs<CountAnswer>();
        }
        catch (JsonException ex)
        {
            return Problem.Invalid("body", $"the count-answer body is not valid: {ex.Message}");
        }

        if (Validate(answer) is { } invalid)
        {
            return invalid;
        }

        var node = receipt.Node.Id;
        return await uow.RunAsync<Done>(async (scope, ct) =>
        {
            var asked = await scope.Db.FederatedQueryNodes.FirstOrDefaultAsync(q => q.QueryId == answer.QueryId && q.NodeId == node, ct);
            if (asked is null)
            {
                return Problem.Conflict("No such query.", $"query {answer.QueryId} was not sent to node {node}.", "query-not-sent");
            }

            if (asked.AnsweredAt is not null)
            {
                return Problem.Conflict("Already answered.", $"node {node} already answered query {answer.QueryId}.", "query-answered");
            }

            var notAsked = answer.Datasets.Select(d => d.DatasetId).Where(id => !asked.Datasets.Contains(id)).Distinct().ToList();
            if (notAsked.Count > 0)
            {
                return Problem.Invalid("datasets", $"datasets {string.Join(", ", notAsked)} were not asked of node {node} in query {answer.QueryId}.");
            }

            asked.AnsweredAt = scope.Now;
            asked.Answer = JsonSerializer.Serialize(answer, FederationJson.Options);
            await scope.Db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.FederationAnswered}, {answer.QueryId.ToString()})", ct);
            return Done.Value;
        }, cancellationToken);
    }

    private static Problem? Validate(CountAnswer? answer)
    {
        if (answer is null || answer.QueryId == Guid.Empty)
        {
            return Problem.Invalid("queryId", "the answer names no query.");
        }

        if (answer.Datasets is null)
        {
            return Problem.Invalid("datasets", "the answer has no datasets list.");
        }

        if (FederationRules.PrivacyProblem(answer.Privacy) is { } privacy)
        {
            return Problem.Invalid("privacy", privacy);
        }

        if (answer.Datasets.GroupBy(d => d?.DatasetId).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return Problem.Invalid("datasets", $"dataset {twice.Key} is answered twice.");
        }

        for (var i = 0; i < answer.Datasets.Count; i++)
        {
            var counts = answer.Datasets[i];
            if (counts is null)
            {
                return Problem.Invalid($"datasets[{i}]", "is null.");
            }

            foreach (var (name, count) in new[] { ("subjects", counts.Subjects), ("studies", counts.Studies), ("series", counts.Series) })
            {
                if (FederationRules.CountProblem(count) is { } problem)
                {
                    return Problem.Invalid($"datasets[{i}].{name}", $"datasets[{i}].{name} {problem}.");
                }
            }
        }

        return null;
    }
}
