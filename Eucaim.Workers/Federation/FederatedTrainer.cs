using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Federation;

/// <summary>
/// A training round at the node: the node's policy decides (<see cref="NodeRunRules"/>, the same lists as runs), then
/// one job trains from the global weights through the node's own job backend (<see cref="NodeJobExecution"/>) on the
/// node's datasets. Only <c>weights.json</c> is read from its outputs; a node with fewer samples than
/// <see cref="FederatedTrainingSchema.MinSamples"/> sends no weights, and otherwise its contribution (the sample count
/// rounded up) is checked against the training's model here, at the node, before it leaves.
/// </summary>
public sealed class FederatedTrainer(FederationNodeOptions options, NodeJobExecution execution) : INodeTrainings
{
    public const string OutputFile = "weights.json";

    /// <summary>What the hub is told when a node sends no weights: weights fitted to a handful of people describe them.</summary>
    public const string TooFewSamples = "too few samples at this node to send weights";

    /// <summary>What the hub is told of an output that is not the model's contribution (the detail stays in the node's audit).</summary>
    public const string Mismatch = "the training's output does not match the declared model; nothing of it leaves this node";

    /// <summary>Decides on <paramref name="request"/> and, when taken, trains the round; every report goes through <paramref name="send"/>.</summary>
    public Task TrainAsync(TrainRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var round = request.Round.ToString(CultureInfo.InvariantCulture);
        var work = new NodeWork(
            NodeWorkKind.Training, request.TrainingId, $"training {request.TrainingId} round {round}", request.Image, request.Datasets, request.Flavor, request.Requester, request.Arguments)
        {
            JobId = JobIdOf(request.TrainingId, request.Round),
            AuditDetails = new Dictionary<string, string?> { ["round"] = round },
            Environment = () => EnvironmentOf(request),
            Refusal = held => NodeRunRules.Refusal(request, held, options.Runs.AllowedImages, options.Runs.AllowedOrganisations),
            Update = (state, reason) => new TrainUpdate(request.TrainingId, request.Round, state, reason),
            ReadResult = (job, ct) => ReadResultAsync(job, request, ct),
        };
        return execution.RunAsync(work, send, cancellationToken);
    }

    /// <summary>
    /// The job of one round of one training: the same on a re-delivery of the request (so what a node process that died
    /// left of it is found and cleared) and another for each round: a version-8 Guid from a hash of both.
    /// </summary>
    public static Guid JobIdOf(Guid trainingId, int round)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"training|{trainingId:D}|{round}")));
        var bytes = hash.AsSpan(0, 16);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>The round, the global weights (invariant, round-trippable, so the job starts from exactly the hub's model) and the declared metrics.</summary>
    public static Dictionary<string, string> EnvironmentOf(TrainRequest request) => new()
    {
        ["EUCAIM_TRAIN_ROUND"] = request.Round.ToString(CultureInfo.InvariantCulture),
        ["EUCAIM_GLOBAL_WEIGHTS"] = "[" + string.Join(',', request.GlobalWeights.Select(w => w.ToString("R", CultureInfo.InvariantCulture))) + "]",
        ["EUCAIM_TRAIN_METRICS"] = string.Join(',', request.Model.Metrics),
    };

    /// <summary>The round's <c>weights.json</c> as the node's contribution, checked against the model; else the failure, its detail for the node's own audit.</summary>
    private async Task<NodeJobOutput> ReadResultAsync(Job job, TrainRequest request, CancellationToken cancellationToken)
    {
        var (written, problem) = await execution.ReadOutputAsync<TrainOutput>(job, OutputFile, cancellationToken);
        if (written is null)
        {
            return NodeJobOutput.Failed(Mismatch, problem);
        }

        if (written.Samples < FederatedTrainingSchema.MinSamples)
        {
            return NodeJobOutput.Failed(TooFewSamples, $"the round trained on {written.Samples} samples, fewer than {FederatedTrainingSchema.MinSamples}");
        }

        if (written.Weights is null || written.Metrics is null)
        {
            return NodeJobOutput.Failed(Mismatch, $"{OutputFile} has no weights or no metrics");
        }

        var result = new TrainResult(request.TrainingId, request.Round, [.. written.Weights], FederatedTrainingSchema.ReleasedSamples(written.Samples),
            new Dictionary<string, double>(written.Metrics, StringComparer.Ordinal));
        if (FederatedTrainingSchema.Check(result, request.Model) is { } mismatch)
        {
            return NodeJobOutput.Failed(Mismatch, $"{mismatch.Field}: {mismatch.Problem}");
        }

        return NodeJobOutput.Report(FederationMessageKinds.TrainResult, result, new()
        {
            ["weights"] = result.Weights.Count.ToString(CultureInfo.InvariantCulture),
            ["samples"] = result.Samples.ToString(CultureInfo.InvariantCulture),
            ["metrics"] = string.Join(",", result.Metrics.Keys),
        });
    }

    /// <summary>What a training job writes to <c>weights.json</c>: its weights, its true sample count, the declared metrics; nothing else.</summary>
    private sealed record TrainOutput(
        [property: JsonRequired] IReadOnlyList<double>? Weights,
        [property: JsonRequired] int Samples,
        [property: JsonRequired] Dictionary<string, double>? Metrics);
}
