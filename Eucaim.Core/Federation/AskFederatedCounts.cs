using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Federation;

/// <summary>
/// A researcher's federated count search: the hub chooses the published federated datasets the
/// catalogue filters match, asks each active node serving some of them (one hub-signed count query
/// per node, only its datasets), and waits until every node answered or <see cref="FederationHubOptions.CountTimeout"/>
/// passed, never longer. The nodes' counts arrive already private.
/// </summary>
public sealed class AskFederatedCounts(
    UnitOfWork uow, FederationHubKey hubKey, IFederationSignal signal, ReadFederatedCounts reports, IOptions<FederationHubOptions> options, TimeProvider time)
{
    /// <summary>Re-read this often even without a notification: a lost one only delays the answer.</summary>
    private static readonly TimeSpan Reread = TimeSpan.FromMilliseconds(200);

    public async Task<Outcome<FederatedCountsReport>> RunAsync(Actor actor, CountsAsk ask, CancellationToken cancellationToken)
    {
        if (hubKey.NotSetUp is { } notSetUp)
        {
            return notSetUp;
        }

        var errors = FederationRules.ValidateFilters(ask);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var entries = uow.Db.CatalogueEntries.AsNoTracking().Where(e => e.SharingMode == SharingMode.FederatedNode);
        if (ask.CancerType is { } cancerType)
        {
            var key = CatalogueTerms.Key(cancerType);
            entries = entries.Where(e => e.CancerTypeKey == key);
        }

        if (Tiers.Canonical(ask.Tier) is { } tier)
        {
            entries = entries.Where(e => e.Tier == tier);
        }

        var asked = ask.Datasets?.Distinct().ToList() ?? [];
        if (asked.Count > 0)
        {
            var federated = await uow.Db.CatalogueEntries.AsNoTracking()
                .Where(e => asked.Contains(e.DatasetId) && e.SharingMode == SharingMode.FederatedNode).Select(e => e.DatasetId).ToListAsync(cancellationToken);
            if (asked.Except(federated).ToList() is { Count: > 0 } unknown)
            {
                return Problem.Invalid("datasets", $"datasets {string.Join(", ", unknown)} are not published federated datasets.");
            }

            entries = entries.Where(e => asked.Contains(e.DatasetId));
        }

        var matching = (await entries.Select(e => e.DatasetId).ToListAsync(cancellationToken)).ToHashSet();
        var nodes = (await uow.Db.FederatedNodes.AsNoTracking().Where(n => n.State == FederatedNodeState.Active).OrderBy(n => n.Id).ToListAsync(cancellationToken))
            .Select(n => (Node: n, Datasets: n.Datasets.Where(matching.Contains).Distinct().ToList()))
            .Where(n => n.Datasets.Count > 0).ToList();
        var filters = FederationRules.ImageFilters(ask);
        var timeout = options.Value.CountTimeout;

        var created = await uow.RunAsync<FederatedQuery>(async (scope, ct) =>
        {
            var query = new FederatedQuery
            {
                Id = Guid.CreateVersion7(scope.Now),
                AskedBy = actor.Subject,
                AskedAt = scope.Now,
                AnswerBy = scope.Now + timeout,
                Sex = filters.Sex,
                AgeMin = filters.AgeMin,
                AgeMax = filters.AgeMax,
                CancerType = ask.CancerType?.Trim(),
                Modality = filters.Modality,
                BodyPart = filters.BodyPart,
                Manufacturer = filters.Manufacturer,
                Tier = Tiers.Canonical(ask.Tier),
                Datasets = asked,
            };
            foreach (var (node, datasets) in nodes)
            {
                var message = FederationMessage.Create(FederationMessage.HubId, node.Id, FederationMessageKinds.CountQuery,
                    new CountQuery(query.Id, datasets, filters, query.AnswerBy), scope.Now);
                query.Nodes.Add(new FederatedQueryNode
                {
                    QueryId = query.Id,
                    NodeId = node.Id,
                    MessageId = message.Id,
                    Message = hubKey.Sign(message),
                    Datasets = datasets,
                    AnswerBy = query.AnswerBy,
                });
            }

            scope.Db.FederatedQueries.Add(query);
            scope.Audit(actor.Audit(AuditActions.FederationCountsAsked) with
            {
                TargetType = "federation-query",
                TargetId = query.Id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["filters"] = System.Text.Json.JsonSerializer.Serialize(filters, FederationJson.Options),
                    ["cancerType"] = query.CancerType,
                    ["tier"] = query.Tier,
                    ["datasets"] = string.Join(",", asked),
                    ["nodes"] = string.Join(",", nodes.Select(n => n.Node.Id)),
                },
            });
            await scope.Db.SaveChangesAsync(ct);
            foreach (var (node, _) in nodes)
            {
                await scope.Db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.FederationQueued}, {node.Id})", ct);
            }

            return query;
        }, cancellationToken);
        if (!created.Succeeded)
        {
            return created.Problem;
        }

        var queryId = created.Value.Id;
        var answerBy = created.Value.AnswerBy;
        var nodeCount = nodes.Count;
        while (nodeCount > 0)
        {
            var wake = signal.Next(NotificationChannels.FederationAnswered, queryId.ToString());
            var answered = await uow.Db.FederatedQueryNodes.AsNoTracking()
                .CountAsync(n => n.QueryId == queryId && n.AnsweredAt != null && n.AnsweredAt <= answerBy, cancellationToken);
            var left = answerBy - time.GetUtcNow();
            if (answered == nodeCount || left <= TimeSpan.Zero)
            {
                break;
            }

            await wake.WaitAsync(left < Reread ? left : Reread, time, cancellationToken).ContinueWith(
                _ => cancellationToken.ThrowIfCancellationRequested(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        signal.Forget(NotificationChannels.FederationAnswered, queryId.ToString());
        var stored = await uow.Db.FederatedQueries.AsNoTracking().Include(q => q.Nodes).FirstAsync(q => q.Id == queryId, cancellationToken);
        return await reports.ReportAsync(stored, inTimeOnly: true, cancellationToken);
    }
}
