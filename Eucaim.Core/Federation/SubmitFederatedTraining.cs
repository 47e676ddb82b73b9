using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A tenant member submits a federated training: checked as a federated run is (<see cref="FederatedSubmission"/>) and
/// further: the model's shape (<see cref="FederatedTrainingSchema.Validate"/>), the rounds, the quorum, the round's
/// time limit, the initial weights and the optional convergence rule (<see cref="FederatedTrainingConvergence.Validate"/>). Round 1 opens at once: a train request per node waits for the node's poll.
/// </summary>
public sealed class SubmitFederatedTraining(UnitOfWork uow, FederatedSubmission submission, FederationHubKey hubKey)
{
    public const int DefaultRoundMinutes = 30;
    public const int MaxRoundMinutes = 24 * 60;

    public async Task<Outcome<FederatedTraining>> RunAsync(Actor actor, FederatedTrainingDraft draft, CancellationToken cancellationToken)
    {
        if (hubKey.NotSetUp is { } notSetUp)
        {
            return notSetUp;
        }

        var (tenant, problem, refusals, nodes, datasets, arguments) =
            await submission.CheckAsync(actor, draft.Tenant, draft.Image, draft.Flavor, draft.Datasets, draft.Arguments, cancellationToken);
        if (tenant is null)
        {
            return problem!;
        }

        foreach (var (field, errors) in FederatedTrainingSchema.Validate(draft.WeightCount ?? 0, draft.Metrics))
        {
            refusals.Add(JobRefusal.Invalid(field, $"{field}-invalid", errors[0]));
        }

        if (draft.Rounds is not { } rounds || rounds < 1 || rounds > FederatedTrainingSchema.MaxRounds)
        {
            refusals.Add(JobRefusal.Invalid("rounds", "rounds-invalid", $"rounds is required: 1 to {FederatedTrainingSchema.MaxRounds}."));
        }

        var quorum = draft.Quorum ?? nodes.Count;
        if (nodes.Count > 0 && (quorum < 1 || quorum > nodes.Count))
        {
            refusals.Add(JobRefusal.Invalid("quorum", "quorum-invalid",
                $"quorum must be 1 to {nodes.Count}: the nodes serving the training's datasets ({string.Join(", ", nodes.Select(n => n.Node.Id))})."));
        }

        var roundMinutes = draft.RoundMinutes ?? DefaultRoundMinutes;
        if (roundMinutes is < 1 or > MaxRoundMinutes)
        {
            refusals.Add(JobRefusal.Invalid("roundMinutes", "round-minutes-invalid", $"roundMinutes must be 1 to {MaxRoundMinutes}."));
        }

        var weights = draft.InitialWeights ?? (draft.WeightCount is { } count and > 0 and <= FederatedTrainingSchema.MaxWeightCount ? new double[count].ToList() : []);
        if (draft.InitialWeights is { } initial && (initial.Count != draft.WeightCount || initial.Any(w => !double.IsFinite(w))))
        {
            refusals.Add(JobRefusal.Invalid("initialWeights", "initial-weights-invalid", $"initialWeights must be {draft.WeightCount} finite numbers (weightCount), or left out for zeros."));
        }

        foreach (var (field, rule, message) in FederatedTrainingConvergence.Validate(draft.Convergence, draft.Metrics, draft.Rounds))
        {
            refusals.Add(JobRefusal.Invalid(field, rule, message));
        }

        if (refusals.Count > 0)
        {
            await uow.SaveWithAuditAsync([FederatedSubmission.RefusedAudit(actor, AuditActions.FederationTrainingSubmitted, "federation-training", tenant, refusals)], cancellationToken);
            return JobProblems.Refused(refusals);
        }

        return await uow.RunAsync<FederatedTraining>(async (scope, ct) =>
        {
            var training = new FederatedTraining
            {
                Id = Guid.CreateVersion7(scope.Now),
                TenantId = tenant.Id,
                TenantSlug = tenant.Slug,
                SubmittedBy = actor.Subject,
                SubmittedAt = scope.Now,
                Organisation = FederatedSubmission.Organisation(actor.Identity),
                Image = draft.Image!,
                Flavor = draft.Flavor!,
                Datasets = datasets,
                Arguments = arguments,
                WeightCount = draft.WeightCount!.Value,
                Metrics = [.. draft.Metrics!],
                Rounds = draft.Rounds!.Value,
                Quorum = quorum,
                RoundMinutes = roundMinutes,
                ConvergeMetric = draft.Convergence?.Metric,
                ConvergeMinImprovement = draft.Convergence?.MinImprovement,
                Round = 1,
                State = FederatedTrainingStates.Training,
                UpdatedAt = scope.Now,
                Plan = JsonSerializer.Serialize(nodes.ToDictionary(n => n.Node.Id, n => n.Datasets), FederationJson.Options),
            };
            scope.Db.FederatedTrainings.Add(training);
            var round = FederatedTrainingRounds.Open(training, 1, weights, scope.Now);
            scope.Db.FederatedTrainingRounds.Add(round);
            scope.Audit(actor.Audit(AuditActions.FederationTrainingSubmitted) with
            {
                TenantSlug = tenant.Slug,
                TargetType = "federation-training",
                TargetId = training.Id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["image"] = training.Image,
                    ["flavor"] = training.Flavor,
                    ["datasets"] = string.Join(",", datasets),
                    ["rounds"] = training.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["quorum"] = training.Quorum.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["weightCount"] = training.WeightCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["metrics"] = string.Join(",", training.Metrics),
                    ["nodes"] = string.Join(",", nodes.Select(n => n.Node.Id)),
                    ["convergence"] = training.ConvergeMetric is { } metric
                        ? $"{metric} < {FederatedTrainingConvergence.Number(training.ConvergeMinImprovement!.Value)}"
                        : null,
                },
            });
            await scope.Db.SaveChangesAsync(ct);
            await FederatedTrainingRounds.NotifyNodesAsync(scope.Db, round, ct);
            return training;
        }, cancellationToken);
    }
}
