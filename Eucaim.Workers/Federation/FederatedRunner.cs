using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Eucaim.Workers.Federation;

/// <summary>
/// A run request at the node, kept in the node's own database (<see cref="NodeRun"/>) from the moment it arrives. The
/// node's policy decides first (<see cref="NodeRunRules"/>, <see cref="FederationRunPolicyOptions"/>): a run of a
/// pre-approved image runs at once and its result leaves at once; a run of an image that needs a person waits for a
/// data holder at the node to approve it, and its checked result waits for one to release it. The run goes through the
/// node's own job backend (<see cref="NodeJobExecution"/>) on the node's datasets. Only <c>metrics.json</c> is read
/// from its outputs, checked against the declared schema here, at the node, and its counts released with the node's
/// count policy; nothing else leaves. What a data holder decides is carried out on the link's next round
/// (<see cref="ResumeAsync"/>), and a node process that died mid-run starts the run again.
/// </summary>
public sealed class FederatedRunner(FederationNodeOptions options, FederationNodeKeys keys, NodeJobExecution execution, IServiceScopeFactory scopes, TimeProvider time)
    : INodeRuns
{
    public const string OutputFile = "metrics.json";

    /// <summary>Whether this process has looked at what an earlier one left (runs it was running, reports it may not have delivered).</summary>
    private bool _recovered;

    /// <summary>Records <paramref name="request"/> (once, whatever the copies), decides on it, and carries on from where the run stands.</summary>
    public async Task RunAsync(RunRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var run = await FindAsync(request.RunId, cancellationToken) ?? await ReceiveAsync(request, cancellationToken);
        await CarryOnAsync(run, send, cancellationToken);
    }

    public async Task ResumeAsync(Func<Guid, Func<string, object, CancellationToken, Task>> sendFor, CancellationToken cancellationToken)
    {
        List<NodeRun> due;
        var recovering = !_recovered;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
            if (recovering)
            {
                // The process that ran these died: they start again from nothing (the execution clears what it left).
                await db.NodeRuns.Where(r => r.State == NodeRunStates.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, NodeRunStates.Approved), cancellationToken);
            }

            // A report is kept in memory until delivered: after a restart, every run not ended at the hub is reported again.
            due = await db.NodeRuns.AsNoTracking()
                .Where(r => r.ReportedState != r.State || r.ReportedState == null || (recovering && !NodeRunStates.Final.Contains(r.State)))
                .OrderBy(r => r.ReceivedAt).Take(20).ToListAsync(cancellationToken);
        }

        _recovered = true;
        foreach (var run in due)
        {
            await CarryOnAsync(run, sendFor(run.Id), cancellationToken);
        }
    }

    private async Task<NodeRun> ReceiveAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var work = WorkOf(request);
        var refusal = await execution.ReceiveAsync(work, cancellationToken);
        var preApproved = options.Runs.AllowedImages.Contains(request.Image, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var run = new NodeRun
        {
            Id = request.RunId,
            Request = JsonSerializer.Serialize(request, FederationJson.Options),
            Image = request.Image,
            Datasets = [.. request.Datasets ?? []],
            RequesterSubject = request.Requester?.Subject ?? "unknown",
            RequesterTenant = request.Requester?.Tenant ?? "unknown",
            RequesterOrganisation = request.Requester?.Organisation,
            State = refusal is not null ? NodeRunStates.Refused : preApproved ? NodeRunStates.Approved : NodeRunStates.AwaitingApproval,
            Reason = refusal,
            ReceivedAt = now,
            DecidedBy = refusal is not null || preApproved ? NodeRunStates.PolicyDecider : null,
            DecidedAt = refusal is not null || preApproved ? now : null,
            UpdatedAt = now,
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        db.NodeRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsLostRace(ex))
        {
            // Another copy of the request got here first: that one is the run.
            return (await FindAsync(request.RunId, cancellationToken))!;
        }

        return run;
    }

    /// <summary>Does what the run's state at the node asks: report it, or run the run.</summary>
    private async Task CarryOnAsync(NodeRun run, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<RunRequest>(run.Request, FederationJson.Options)!;
        switch (run.State)
        {
            case NodeRunStates.Approved:
                await StartAsync(run, request, send, cancellationToken);
                return;
            case NodeRunStates.Released when run.Result is not null:
                var result = JsonSerializer.Deserialize<RunResult>(run.Result, FederationJson.Options)!;
                await send(FederationMessageKinds.RunResult, result, cancellationToken);
                await execution.AuditSentAsync(WorkOf(request), SentDetails(result, run.ReleasedBy), cancellationToken);
                break;
            case NodeRunStates.AwaitingApproval:
                await send(FederationMessageKinds.RunUpdate, new RunUpdate(run.Id, RunUpdateState.AwaitingApproval,
                    $"Waiting for a data holder at {options.Id} to approve the run."), cancellationToken);
                break;
            case NodeRunStates.AwaitingRelease:
                await send(FederationMessageKinds.RunUpdate, new RunUpdate(run.Id, RunUpdateState.AwaitingRelease,
                    $"The run ended; its result waits for a data holder at {options.Id} to release it."), cancellationToken);
                break;
            case NodeRunStates.Running:
                await send(FederationMessageKinds.RunUpdate, new RunUpdate(run.Id, RunUpdateState.Running, null), cancellationToken);
                break;
            default:
                await send(FederationMessageKinds.RunUpdate, new RunUpdate(run.Id,
                    run.State == NodeRunStates.Refused ? RunUpdateState.Refused : RunUpdateState.Failed, run.Reason), cancellationToken);
                break;
        }

        await ReportedAsync(run.Id, run.State, cancellationToken);
    }

    private async Task StartAsync(NodeRun run, RunRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        if (!await MoveAsync(run.Id, NodeRunStates.Approved, NodeRunStates.Running, null, cancellationToken))
        {
            return;
        }

        // Pre-approved work needs no person at either end; what a data holder approved, one releases.
        var preApproved = run.DecidedBy == NodeRunStates.PolicyDecider;
        await send(FederationMessageKinds.RunUpdate, new RunUpdate(run.Id, RunUpdateState.Accepted,
            preApproved ? NodeJobExecution.PreApproved : $"Approved by a data holder at {options.Id}."), cancellationToken);
        await ReportedAsync(run.Id, NodeRunStates.Running, cancellationToken);
        var work = WorkOf(request) with
        {
            Deliver = async (output, ct) =>
            {
                var result = (RunResult)output.Body!;
                var state = preApproved ? NodeRunStates.Released : NodeRunStates.AwaitingRelease;
                await HoldAsync(run.Id, result, state, ct);
                await CarryOnAsync((await FindAsync(run.Id, ct))!, send, ct);
            },
        };
        await execution.ExecuteAsync(work, async (kind, body, ct) =>
        {
            if (body is RunUpdate { State: RunUpdateState.Failed } failed)
            {
                await MoveAsync(run.Id, NodeRunStates.Running, NodeRunStates.Failed, failed.Reason, ct);
                await send(kind, body, ct);
                await ReportedAsync(run.Id, NodeRunStates.Failed, ct);
                return;
            }

            await send(kind, body, ct);
        }, cancellationToken);
    }

    private NodeWork WorkOf(RunRequest request) =>
        new(NodeWorkKind.Run, request.RunId, $"run {request.RunId}", request.Image, request.Datasets, request.Flavor, request.Requester, request.Arguments)
        {
            Refusal = held => NodeRunRules.Refusal(request, held, [.. options.Runs.AllowedImages, .. options.Runs.ApprovalImages], options.Runs.AllowedOrganisations),
            Environment = () => new Dictionary<string, string>
            {
                ["EUCAIM_RESULT_METRICS"] = string.Join(',', request.Schema.Metrics),
                ["EUCAIM_RESULT_COUNTS"] = string.Join(',', request.Schema.Counts ?? []),
            },
            ReadResult = (job, ct) => ReadResultAsync(job, request, ct),
            Update = (state, reason) => new RunUpdate(request.RunId, state, reason),
        };

    private static Dictionary<string, string?> SentDetails(RunResult result, string? releasedBy) => new()
    {
        ["metrics"] = string.Join(",", result.Metrics.Keys),
        ["counts"] = string.Join(",", result.Counts.Keys),
        ["releasedBy"] = releasedBy,
    };

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

        return NodeJobOutput.Report(FederationMessageKinds.RunResult, result, SentDetails(result, null));
    }

    private async Task<NodeRun?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EucaimDbContext>().NodeRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    /// <summary>Moves the run from <paramref name="from"/> to <paramref name="to"/> if it is still there: false when something else moved it first.</summary>
    private async Task<bool> MoveAsync(Guid id, string from, string to, string? reason, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow();
        return await scope.ServiceProvider.GetRequiredService<EucaimDbContext>().NodeRuns.Where(r => r.Id == id && r.State == from)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, to).SetProperty(r => r.Reason, r => reason ?? r.Reason).SetProperty(r => r.UpdatedAt, now),
                cancellationToken) == 1;
    }

    private async Task HoldAsync(Guid id, RunResult result, string state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow();
        var json = JsonSerializer.Serialize(result, FederationJson.Options);
        var released = state == NodeRunStates.Released;
        await scope.ServiceProvider.GetRequiredService<EucaimDbContext>().NodeRuns.Where(r => r.Id == id && r.State == NodeRunStates.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, state).SetProperty(r => r.Result, json).SetProperty(r => r.ResultAt, now)
                .SetProperty(r => r.ReleasedBy, r => released ? NodeRunStates.PolicyDecider : r.ReleasedBy)
                .SetProperty(r => r.ReleasedAt, r => released ? now : r.ReleasedAt)
                .SetProperty(r => r.UpdatedAt, now), cancellationToken);
    }

    private async Task ReportedAsync(Guid id, string state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EucaimDbContext>().NodeRuns.Where(r => r.Id == id && r.State == state)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReportedState, state), cancellationToken);
    }

    /// <summary>What a run writes to <c>metrics.json</c>: declared metrics and true counts, nothing else.</summary>
    private sealed record RunOutput(Dictionary<string, double> Metrics, Dictionary<string, int>? Counts);
}
