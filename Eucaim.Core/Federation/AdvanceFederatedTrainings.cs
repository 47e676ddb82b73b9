using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Eucaim.Core.Federation;

/// <summary>
/// The hub's step of every training still going (the Workers' coordinator runs it): a round whose nodes have all
/// answered, or whose time is up, closes. With a quorum of contributions it hands them to an aggregator job in the
/// tenant's bubble (<see cref="AggregatorImage"/>: FedAvg, weighted by sample count), whose outputs are the round's
/// global weights and metrics, kept as the tenant's job outputs (they leave only through the airlock); without one
/// the training fails, saying how many nodes contributed. When the aggregator job has succeeded its global weights
/// open the next round, or end the training after the last, or earlier when the training's convergence rule says its
/// metric has stopped improving (<see cref="FederatedTrainingConvergence"/>). Each step is one transaction, so a coordinator that
/// dies half-way repeats the step, never half of it.
/// </summary>
public sealed partial class AdvanceFederatedTrainings(UnitOfWork uow, BlobServiceClient blobs, ILogger<AdvanceFederatedTrainings> logger)
{
    /// <summary>The platform's aggregator image (the sample job's <c>fedavg</c> mode), allow-listed like any job image.</summary>
    public const string AggregatorImage = JobImageConfiguration.FederatedAveragingReference;

    /// <summary>The environment variable that hands the aggregator the round's contributions (JSON, <see cref="FedAvgRound"/>).</summary>
    public const string RoundVariable = "EUCAIM_FEDAVG_ROUND";

    public const int AggregatorRuntimeMinutes = 10;

    private static readonly Actor Coordinator = Actor.System("federation-training");

    /// <returns>How many trainings changed.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var going = await uow.Db.FederatedTrainings.AsNoTracking().Where(t => t.State == FederatedTrainingStates.Training)
            .OrderBy(t => t.UpdatedAt).Select(t => t.Id).Take(50).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in going)
        {
            try
            {
                if (await StepAsync(id, cancellationToken))
                {
                    changed++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One training that cannot be moved on (its storage unreachable, say) must not hold up the others; it is tried again next pass.
                uow.Db.ChangeTracker.Clear();
                LogStepFailed(logger, ex, id);
            }
        }

        return changed;
    }

    private async Task<bool> StepAsync(Guid id, CancellationToken cancellationToken)
    {
        var training = await uow.Db.FederatedTrainings.AsNoTracking().FirstAsync(t => t.Id == id, cancellationToken);
        var round = await uow.Db.FederatedTrainingRounds.AsNoTracking().FirstAsync(r => r.TrainingId == id && r.Round == training.Round, cancellationToken);
        return round.State switch
        {
            FederatedTrainingStates.Training => await CloseRoundWhenDueAsync(id, training.Round, cancellationToken),
            FederatedTrainingStates.Aggregating => await TakeAggregateAsync(training, round, cancellationToken),
            _ => false,
        };
    }

    private async Task<bool> CloseRoundWhenDueAsync(Guid id, int number, CancellationToken cancellationToken)
    {
        var outcome = await uow.RunAsync<bool>(async (scope, ct) =>
        {
            var training = await scope.Db.FederatedTrainings.FromSql($"SELECT * FROM federation_trainings WHERE id = {id} FOR UPDATE").FirstAsync(ct);
            var round = await scope.Db.FederatedTrainingRounds.Include(r => r.Contributions).FirstAsync(r => r.TrainingId == id && r.Round == number, ct);
            if (training.State != FederatedTrainingStates.Training || training.Round != number || round.State != FederatedTrainingStates.Training)
            {
                return false;
            }

            var parts = round.Contributions;
            var contributed = parts.Where(c => c.State == FederatedRunStates.Succeeded).ToList();
            var open = parts.Count(c => !FederatedTrainingStates.IsFinalContribution(c.State));
            var timeUp = scope.Now >= round.ClosesBy;
            if (open > 0 && !timeUp && contributed.Count + open >= training.Quorum)
            {
                return false;
            }

            // Parts still open are skipped in one statement that a late contribution cannot slip past (it updates only open parts).
            await scope.Db.FederatedTrainingContributions
                .Where(c => c.TrainingId == id && c.Round == number && !FederatedTrainingStates.FinalContributionStates.Contains(c.State))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.State, FederatedTrainingStates.Skipped)
                    .SetProperty(c => c.Reason, "The node had not contributed when the round closed.")
                    .SetProperty(c => c.UpdatedAt, scope.Now), ct);
            round.ClosedAt = scope.Now;
            training.UpdatedAt = scope.Now;
            if (contributed.Count < training.Quorum)
            {
                var reason = $"Round {number}: {contributed.Count} of {parts.Count} node(s) contributed; the quorum is {training.Quorum}.";
                Fail(scope, training, round, reason);
                return true;
            }

            var job = await AggregatorJobAsync(scope, training, round, contributed, ct);
            if (job.Job is null)
            {
                Fail(scope, training, round, $"Round {number}: the aggregator job was refused: {job.Refusal}");
                return true;
            }

            scope.Db.Jobs.Add(job.Job);
            await JobChanges.NotifyAsync(scope.Db, job.Job.Id, ct);
            scope.Audit(JobAudit.Submitted(Coordinator, job.Job));
            round.State = FederatedTrainingStates.Aggregating;
            round.AggregatorJobId = job.Job.Id;
            scope.Audit(Entry(AuditActions.FederationRoundClosed, training, new()
            {
                ["round"] = number.ToString(CultureInfo.InvariantCulture),
                ["contributed"] = string.Join(",", contributed.Select(c => c.NodeId)),
                ["skipped"] = string.Join(",", parts.Where(c => c.State != FederatedRunStates.Succeeded).Select(c => c.NodeId)),
                ["aggregatorJob"] = job.Job.Id.ToString(),
            }));
            return true;
        }, cancellationToken);
        return outcome.Succeeded && outcome.Value;
    }

    /// <summary>The aggregator job of <paramref name="round"/>, queued in the training's tenant as a member's job would be, or why it cannot be.</summary>
    private static async Task<(Job? Job, string? Refusal)> AggregatorJobAsync(
        UnitOfWorkScope scope, FederatedTraining training, FederatedTrainingRound round, List<FederatedTrainingContribution> contributed, CancellationToken cancellationToken)
    {
        var tenant = await scope.Db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == training.TenantId, cancellationToken);
        if (tenant is null)
        {
            return (null, $"tenant '{training.TenantSlug}' no longer exists.");
        }

        var image = await scope.Db.JobImages.AsNoTracking().FirstOrDefaultAsync(i => i.Reference == AggregatorImage, cancellationToken);
        var flavor = await scope.Db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == training.Flavor, cancellationToken);
        var queued = await scope.Db.Jobs.CountAsync(j => j.TenantId == tenant.Id && j.Status == JobStatus.Queued, cancellationToken);
        var draft = new JobDraft(tenant.Slug, $"fedavg-{training.Id.ToString("N")[..8]}-round-{round.Round}", AggregatorImage, null, null, null,
            training.Flavor, [], Math.Min(AggregatorRuntimeMinutes, flavor?.MaxRuntimeMinutes ?? AggregatorRuntimeMinutes), DryRun: false);
        var (job, refusals) = JobAdmission.Evaluate(draft, tenant, new JobAdmission.Facts(image, flavor, [], queued), training.SubmittedBy, scope.Now);
        if (job is null)
        {
            return (null, string.Join("; ", refusals.Select(r => r.Message)));
        }

        // The contributions travel in the job's environment: the platform's own variable, so no member could have set it.
        var input = new FedAvgRound(training.Id, round.Round, contributed.Select(c => new FedAvgContribution(
            c.NodeId,
            JsonSerializer.Deserialize<List<double>>(c.Weights!, FederationJson.Options)!,
            c.Samples!.Value,
            JsonSerializer.Deserialize<Dictionary<string, double>>(c.Metrics!, FederationJson.Options)!)).ToList());
        job.Environment[RoundVariable] = JsonSerializer.Serialize(input, FederationJson.Options);
        return (job, null);
    }

    private async Task<bool> TakeAggregateAsync(FederatedTraining training, FederatedTrainingRound round, CancellationToken cancellationToken)
    {
        var job = await uow.Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == round.AggregatorJobId, cancellationToken);
        if (job is null || !job.Status.IsFinal())
        {
            return false;
        }

        FedAvgGlobalWeights? global = null;
        string? problem = job.Status == JobStatus.Succeeded ? null
            : $"the aggregator job {job.Id} ended {job.Status.ToString().ToLowerInvariant()}: {job.Reason}";
        JsonElement? metrics = null;
        if (problem is null)
        {
            (global, metrics, problem) = await ReadAggregateAsync(job, training, round.Round, cancellationToken);
        }

        var outcome = await uow.RunAsync<bool>(async (scope, ct) =>
        {
            var t = await scope.Db.FederatedTrainings.FromSql($"SELECT * FROM federation_trainings WHERE id = {training.Id} FOR UPDATE").FirstAsync(ct);
            var r = await scope.Db.FederatedTrainingRounds.FirstAsync(x => x.TrainingId == training.Id && x.Round == round.Round, ct);
            if (t.State != FederatedTrainingStates.Training || t.Round != r.Round || r.State != FederatedTrainingStates.Aggregating)
            {
                return false;
            }

            t.UpdatedAt = scope.Now;
            if (problem is not null)
            {
                Fail(scope, t, r, $"Round {r.Round}: {problem}");
                return true;
            }

            r.State = FederatedTrainingStates.Done;
            r.Metrics = metrics?.GetRawText();
            r.Samples = global!.Samples;
            if (r.Round == t.Rounds)
            {
                t.State = FederatedTrainingStates.Succeeded;
                t.Reason = $"{t.Rounds} round(s) trained; the global weights and metrics of each round are outputs of its aggregator job.";
                scope.Audit(Entry(AuditActions.FederationTrainingEnded, t, new() { ["state"] = t.State, ["rounds"] = t.Rounds.ToString(CultureInfo.InvariantCulture) }));
                return true;
            }

            if (t.ConvergeMetric is { } metric && await ConvergedAsync(scope, t, r, metric, ct) is { } converged)
            {
                t.State = FederatedTrainingStates.Succeeded;
                t.Reason = converged.Reason;
                scope.Audit(Entry(AuditActions.FederationTrainingEnded, t, new()
                {
                    ["state"] = t.State,
                    ["rounds"] = t.Rounds.ToString(CultureInfo.InvariantCulture),
                    ["round"] = r.Round.ToString(CultureInfo.InvariantCulture),
                    ["converged"] = metric,
                    ["improvement"] = converged.Improvement.ToString("R", CultureInfo.InvariantCulture),
                    ["minImprovement"] = t.ConvergeMinImprovement!.Value.ToString("R", CultureInfo.InvariantCulture),
                }));
                return true;
            }

            var next = FederatedTrainingRounds.Open(t, r.Round + 1, global.Weights, scope.Now);
            t.Round = next.Round;
            scope.Db.FederatedTrainingRounds.Add(next);
            await scope.Db.SaveChangesAsync(ct);
            await FederatedTrainingRounds.NotifyNodesAsync(scope.Db, next, ct);
            return true;
        }, cancellationToken);
        return outcome.Succeeded && outcome.Value;
    }

    /// <summary>
    /// Whether <paramref name="round"/> (just aggregated, its metrics set) ends the training by the training's convergence
    /// rule, compared with the round before: the reason and the improvement, or null to go on.
    /// </summary>
    private static async Task<(string Reason, double Improvement)?> ConvergedAsync(
        UnitOfWorkScope scope, FederatedTraining training, FederatedTrainingRound round, string metric, CancellationToken cancellationToken)
    {
        if (round.Round < 2 || training.ConvergeMinImprovement is not { } min)
        {
            return null;
        }

        var previous = await scope.Db.FederatedTrainingRounds.AsNoTracking()
            .Where(x => x.TrainingId == training.Id && x.Round == round.Round - 1).Select(x => x.Metrics).FirstOrDefaultAsync(cancellationToken);
        var before = Value(previous, metric);
        var now = Value(round.Metrics, metric);
        return FederatedTrainingConvergence.Converged(metric, min, round.Round, training.Rounds, before, now) is { } reason
            ? (reason, FederatedTrainingConvergence.Improvement(metric, before!.Value, now!.Value))
            : null;
    }

    /// <summary>A metric of a round's aggregated metrics (JSON object); null when the aggregator did not write it as a number.</summary>
    private static double? Value(string? metrics, string metric)
    {
        if (metrics is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(metrics);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(metric, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;
    }

    /// <summary>The aggregator's <c>round-N/global-weights.json</c> and <c>round-N/metrics.json</c>, checked against the model.</summary>
    private async Task<(FedAvgGlobalWeights? Global, JsonElement? Metrics, string? Problem)> ReadAggregateAsync(
        Job job, FederatedTraining training, int round, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(BlobContainers.Tenants);
        var prefix = BlobLayout.Tenants.JobOutputPrefix(job.TenantSlug, job.Id);
        try
        {
            var weights = (await container.GetBlobClient($"{prefix}{FedAvgRound.WeightsFile(round)}").DownloadContentAsync(cancellationToken)).Value.Content;
            var global = JsonSerializer.Deserialize<FedAvgGlobalWeights>(weights.ToMemory().Span, FedAvgRound.Json);
            if (global?.Weights is null || global.Round != round || global.Weights.Count != training.WeightCount || global.Weights.Any(w => !double.IsFinite(w)))
            {
                return (null, null, $"the aggregator's {FedAvgRound.WeightsFile(round)} is not {training.WeightCount} finite weights of round {round}.");
            }

            var metrics = (await container.GetBlobClient($"{prefix}{FedAvgRound.MetricsFile(round)}").DownloadContentAsync(cancellationToken)).Value.Content;
            using var document = JsonDocument.Parse(metrics.ToMemory());
            return (global, document.RootElement.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object ? m.Clone() : null, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null, $"the aggregator job {job.Id} wrote no {FedAvgRound.WeightsFile(round)} or {FedAvgRound.MetricsFile(round)}.");
        }
        catch (JsonException ex)
        {
            return (null, null, $"the aggregator's output of round {round} is not readable: {ex.Message}");
        }
    }

    private static void Fail(UnitOfWorkScope scope, FederatedTraining training, FederatedTrainingRound round, string reason)
    {
        round.State = FederatedTrainingStates.Failed;
        round.Reason = reason;
        training.State = FederatedTrainingStates.Failed;
        training.Reason = reason;
        scope.Audit(Entry(AuditActions.FederationTrainingEnded, training, new() { ["state"] = training.State, ["reason"] = reason }) with
        {
            Outcome = AuditOutcomes.Failure,
        });
    }

    private static AuditEntry Entry(string action, FederatedTraining training, Dictionary<string, string?> details) => Coordinator.Audit(action) with
    {
        TenantSlug = training.TenantSlug,
        TargetType = "federation-training",
        TargetId = training.Id.ToString(),
        Details = details,
    };

    [LoggerMessage(EventId = 9420, Level = LogLevel.Warning, Message = "Federated training {TrainingId} could not be moved on; it is tried again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid trainingId);
}
