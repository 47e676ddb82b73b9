using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Federation;

/// <summary>
/// A run request at the node: the node's policy decides (<see cref="NodeRunRules"/>, <see cref="FederationRunPolicyOptions"/>),
/// then the run goes through the node's own job backend (<see cref="NodeJobExecution"/>) on the node's datasets. Only
/// <c>metrics.json</c> is read from its outputs, checked against the declared schema here, at the node, and its counts
/// released with the node's count policy; nothing else leaves.
/// </summary>
public sealed class FederatedRunner(FederationNodeOptions options, FederationNodeKeys keys, NodeJobExecution execution) : INodeRuns
{
    public const string OutputFile = "metrics.json";

    /// <summary>Decides on <paramref name="request"/> and, when taken, runs it; every report goes through <paramref name="send"/>.</summary>
    public Task RunAsync(RunRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken) => execution.RunAsync(
        new NodeWork(NodeWorkKind.Run, request.RunId, $"run {request.RunId}", request.Image, request.Datasets, request.Flavor, request.Requester, request.Arguments)
        {
            Refusal = held => NodeRunRules.Refusal(request, held, options.Runs.AllowedImages, options.Runs.AllowedOrganisations),
            Environment = () => new Dictionary<string, string>
            {
                ["EUCAIM_RESULT_METRICS"] = string.Join(',', request.Schema.Metrics),
                ["EUCAIM_RESULT_COUNTS"] = string.Join(',', request.Schema.Counts ?? []),
            },
            ReadResult = (job, ct) => ReadResultAsync(job, request, ct),
            Update = (state, reason) => new RunUpdate(request.RunId, state, reason),
        },
        send,
        cancellationToken);

    /// <summary>The run's <c>metrics.json</c> as a result of the declared schema, its counts released; else the failure, its detail for the node's own audit.</summary>
    private async Task<NodeJobOutput> ReadResultAsync(Job job, RunRequest request, CancellationToken cancellationToken)
    {
        const string Mismatch = "The run's output does not match its declared result schema; nothing of it leaves this node.";
        var (written, problem) = await execution.ReadOutputAsync<RunOutput>(job, OutputFile, cancellationToken);
        if (written is null)
        {
            return NodeJobOutput.Failed(Mismatch, problem);
        }

        if (written.Metrics is null)
        {
            return NodeJobOutput.Failed(Mismatch, $"{OutputFile} has no metrics");
        }

        if (written.Counts?.FirstOrDefault(c => c.Value < 0) is { Key: not null } negative)
        {
            return NodeJobOutput.Failed(Mismatch, $"count {negative.Key} is negative");
        }

        var privacy = new CountPrivacy(CountRelease.Mechanism, options.Privacy.Epsilon, options.Privacy.MaxNoise, options.Privacy.SmallCellThreshold);
        var counts = (written.Counts ?? []).ToDictionary(
            c => c.Key, c => CountRelease.Release(c.Value, privacy, keys.NoiseKey, $"run|{request.RunId:D}|{c.Key}"), StringComparer.Ordinal);
        var result = new RunResult(request.RunId, new Dictionary<string, double>(written.Metrics, StringComparer.Ordinal), counts);
        if (FederatedRunSchema.Check(result, request.Schema) is { } mismatch)
        {
            return NodeJobOutput.Failed(Mismatch, $"{mismatch.Field}: {mismatch.Problem}");
        }

        return NodeJobOutput.Report(FederationMessageKinds.RunResult, result, new()
        {
            ["metrics"] = string.Join(",", result.Metrics.Keys),
            ["counts"] = string.Join(",", result.Counts.Keys),
        });
    }

    /// <summary>What a run writes to <c>metrics.json</c>: declared metrics and true counts, nothing else.</summary>
    private sealed record RunOutput(Dictionary<string, double> Metrics, Dictionary<string, int>? Counts);
}
