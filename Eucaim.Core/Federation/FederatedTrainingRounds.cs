using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>How a round of a <see cref="FederatedTraining"/> opens: one train request per planned node, from the round's global weights.</summary>
public static class FederatedTrainingRounds
{
    /// <summary>The node → datasets plan of <paramref name="training"/>.</summary>
    public static Dictionary<string, List<Guid>> Plan(FederatedTraining training) =>
        JsonSerializer.Deserialize<Dictionary<string, List<Guid>>>(training.Plan, FederationJson.Options)!;

    public static FederatedTrainingRound Open(FederatedTraining training, int number, IReadOnlyList<double> weights, DateTimeOffset now)
    {
        var round = new FederatedTrainingRound
        {
            TrainingId = training.Id,
            Round = number,
            State = FederatedTrainingStates.Training,
            StartWeights = JsonSerializer.Serialize(weights, FederationJson.Options),
            OpenedAt = now,
            ClosesBy = now.AddMinutes(training.RoundMinutes),
        };
        var requester = new RunRequester(training.SubmittedBy, training.TenantSlug, training.Organisation);
        var model = new TrainingModel(training.WeightCount, training.Metrics);
        foreach (var (node, datasets) in Plan(training))
        {
            var request = new TrainRequest(training.Id, number, training.Image, datasets, training.Flavor, model, weights, requester, training.Arguments);
            round.Contributions.Add(new FederatedTrainingContribution
            {
                TrainingId = training.Id,
                Round = number,
                NodeId = node,
                Request = JsonSerializer.Serialize(request, FederationJson.Options),
                State = FederatedRunStates.Pending,
                UpdatedAt = now,
            });
        }

        return round;
    }

    /// <summary>Wakes the held polls of the round's nodes, after the round's rows are saved.</summary>
    public static async Task NotifyNodesAsync(EucaimDbContext db, FederatedTrainingRound round, CancellationToken cancellationToken)
    {
        foreach (var contribution in round.Contributions)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.FederationQueued}, {contribution.NodeId})", cancellationToken);
        }
    }
}
