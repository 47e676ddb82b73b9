using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Federation;

/// <summary>
/// A run request at the node: the node's policy decides (<see cref="NodeRunRules"/>, <see cref="FederationRunPolicyOptions"/>),
/// then the run goes through the node's own job backend (the same launch, staging from the node's own published
/// manifests, sandbox and clean-up as a job) on the node's datasets. Only <c>metrics.json</c> is read from its
/// outputs, checked against the declared schema here, at the node, and its counts released with the node's count
/// policy; nothing else leaves: no log, no file, no text the run wrote (a failure's reason is the node's own
/// words). Every step is in the node's audit chain.
/// </summary>
public sealed partial class FederatedRunner(
    FederationNodeOptions options, FederationNodeKeys keys, IJobBackend backend, IServiceScopeFactory scopes, TimeProvider time, ILogger<FederatedRunner> logger) : INodeRuns
{
    /// <summary>Where runs live in the node's sandbox (as a tenant's jobs do under its slug).</summary>
    public const string SandboxFolder = "federated-runs";

    public const string OutputFile = "metrics.json";

    public const int MaxOutputBytes = 64 * 1024;

    private static readonly TimeSpan ObserveInterval = TimeSpan.FromMilliseconds(500);

    private static readonly Actor Node = Actor.System("federation-node");

    /// <summary>Decides on <paramref name="request"/> and, when taken, runs it; every report goes through <paramref name="send"/>.</summary>
    public async Task RunAsync(RunRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var versions = await HeldVersionsAsync(request.Datasets ?? [], cancellationToken);
        var refusal = NodeRunRules.Refusal(request, versions.Keys, options.Runs.AllowedImages, options.Runs.AllowedOrganisations);
        await AuditAsync(AuditActions.FederationRunReceived, request, refusal is null ? AuditOutcomes.Success : AuditOutcomes.Denied,
            new() { ["requester"] = request.Requester?.Subject, ["tenant"] = request.Requester?.Tenant, ["organisation"] = request.Requester?.Organisation, ["refusal"] = refusal },
            cancellationToken);
        if (refusal is not null)
        {
            LogRefused(logger, options.Id!, request.RunId, refusal);
            await AuditAsync(AuditActions.FederationRunRefusedAtNode, request, AuditOutcomes.Denied, new() { ["reason"] = refusal }, cancellationToken);
            await send(FederationMessageKinds.RunUpdate, new RunUpdate(request.RunId, RunUpdateState.Refused, refusal), cancellationToken);
            return;
        }

        await send(FederationMessageKinds.RunUpdate, new RunUpdate(request.RunId, RunUpdateState.Accepted, "Pre-approved image: runs without a person's approval."), cancellationToken);
        var job = JobOf(request, versions);
        try
        {
            await backend.LaunchAsync(new JobLaunch(job, new Flavor { Name = request.Flavor, MaxRuntimeMinutes = job.MaxRuntimeMinutes }, []), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, options.Id!, request.RunId);
            await FailAsync(request, "The run could not be started at this node.", ex.GetType().Name, send, cancellationToken);
            await backend.CleanupAsync(job, cancellationToken);
            return;
        }

        var ended = false;
        try
        {
            job.RunningAt = time.GetUtcNow();
            await AuditAsync(AuditActions.FederationRunStarted, request, AuditOutcomes.Success, new() { ["image"] = request.Image }, cancellationToken);
            await send(FederationMessageKinds.RunUpdate, new RunUpdate(request.RunId, RunUpdateState.Running, null), cancellationToken);
            JobObservation observed;
            while (!(observed = await backend.ObserveAsync(job, cancellationToken)).Status.IsFinal())
            {
                await Task.Delay(ObserveInterval, time, cancellationToken);
            }

            ended = true;

            if (observed.Status != JobStatus.Succeeded)
            {
                // The backend's reason is its own fixed words (exit code, time-out), never the run's output.
                await FailAsync(request, $"The run ended {observed.Status.ToString().ToLowerInvariant()}: {observed.Reason}", observed.Reason, send, cancellationToken);
                return;
            }

            var (result, problem) = await ReadResultAsync(job, request, cancellationToken);
            if (result is null)
            {
                await FailAsync(request, "The run's output does not match its declared result schema; nothing of it leaves this node.", problem, send, cancellationToken);
                return;
            }

            await AuditAsync(AuditActions.FederationRunFinished, request, AuditOutcomes.Success, new() { ["state"] = "succeeded" }, cancellationToken);
            await send(FederationMessageKinds.RunResult, result, cancellationToken);
            await AuditAsync(AuditActions.FederationResultSent, request, AuditOutcomes.Success, new()
            {
                ["metrics"] = string.Join(",", result.Metrics.Keys),
                ["counts"] = string.Join(",", result.Counts.Keys),
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of the node (its storage, its database): the run is reported failed rather than left running.
            LogFailed(logger, ex, options.Id!, request.RunId);
            await FailAsync(request, "The run failed at this node.", ex.GetType().Name, send, cancellationToken);
        }
        finally
        {
            // The staged copies and whatever the run wrote stay at the node only as long as the run does.
            if (!ended)
            {
                await backend.StopAsync(job, CancellationToken.None);
            }

            await backend.CleanupAsync(job, CancellationToken.None);
        }
    }

    /// <summary>The run's <c>metrics.json</c> as a result of the declared schema, its counts released; else why not (for the node's own audit).</summary>
    private async Task<(RunResult? Result, string? Problem)> ReadResultAsync(Job job, RunRequest request, CancellationToken cancellationToken)
    {
        JobOutputFile? file = null;
        await foreach (var output in backend.ReadOutputsAsync(job, cancellationToken))
        {
            if (output.Path == OutputFile)
            {
                file = output;
            }
        }

        if (file is null)
        {
            return (null, $"the run wrote no {OutputFile}");
        }

        if (file.Size > MaxOutputBytes)
        {
            return (null, $"{OutputFile} is larger than {MaxOutputBytes} bytes");
        }

        RunOutput? written;
        try
        {
            await using var stream = await file.OpenAsync(cancellationToken);
            written = await JsonSerializer.DeserializeAsync<RunOutput>(stream, FederationJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, $"{OutputFile} is not {{metrics, counts}} of numbers: {ex.Message}");
        }

        if (written?.Metrics is null)
        {
            return (null, $"{OutputFile} has no metrics");
        }

        if (written.Counts?.FirstOrDefault(c => c.Value < 0) is { Key: not null } negative)
        {
            return (null, $"count {negative.Key} is negative");
        }

        var privacy = new CountPrivacy(CountRelease.Mechanism, options.Privacy.Epsilon, options.Privacy.MaxNoise, options.Privacy.SmallCellThreshold);
        var counts = (written.Counts ?? []).ToDictionary(
            c => c.Key, c => CountRelease.Release(c.Value, privacy, keys.NoiseKey, $"run|{request.RunId:D}|{c.Key}"), StringComparer.Ordinal);
        var result = new RunResult(request.RunId, new Dictionary<string, double>(written.Metrics, StringComparer.Ordinal), counts);
        return FederatedRunSchema.Check(result, request.Schema) is { } mismatch ? (null, $"{mismatch.Field}: {mismatch.Problem}") : (result, null);
    }

    private Job JobOf(RunRequest request, IReadOnlyDictionary<Guid, int> versions) => new()
    {
        Id = request.RunId,
        TenantSlug = SandboxFolder,
        Name = $"federated-run-{request.RunId:N}",
        Image = request.Image,
        Flavor = request.Flavor,
        Arguments = [.. request.Arguments ?? []],
        Environment = new Dictionary<string, string>
        {
            ["EUCAIM_RESULT_METRICS"] = string.Join(',', request.Schema.Metrics),
            ["EUCAIM_RESULT_COUNTS"] = string.Join(',', request.Schema.Counts ?? []),
        },
        Datasets = [.. request.Datasets.Select(d => new JobDataset { DatasetId = d, Version = versions[d], MountName = JobRules.MountName(d) })],
        MaxRuntimeMinutes = (int)Math.Ceiling(options.Runs.MaxRuntime.TotalMinutes),
        Status = JobStatus.Starting,
        SubmittedBy = request.Requester.Subject,
        SubmittedAt = time.GetUtcNow(),
    };

    /// <summary>The published version of each of <paramref name="datasets"/> this node holds.</summary>
    private async Task<Dictionary<Guid, int>> HeldVersionsAsync(IReadOnlyList<Guid> datasets, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        var ids = datasets.ToList();
        return await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id) && d.LatestVersion > 0)
            .ToDictionaryAsync(d => d.Id, d => d.LatestVersion, cancellationToken);
    }

    private async Task FailAsync(RunRequest request, string reason, string? detail, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        await AuditAsync(AuditActions.FederationRunFinished, request, AuditOutcomes.Failure, new() { ["state"] = "failed", ["reason"] = reason, ["detail"] = detail }, cancellationToken);
        await send(FederationMessageKinds.RunUpdate, new RunUpdate(request.RunId, RunUpdateState.Failed, reason), cancellationToken);
    }

    private async Task AuditAsync(string action, RunRequest request, string outcome, Dictionary<string, string?> details, CancellationToken cancellationToken)
    {
        details["hub"] = FederationMessage.HubId;
        details["datasets"] = string.Join(",", request.Datasets ?? []);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UnitOfWork>().SaveWithAuditAsync([Node.Audit(action) with
        {
            Outcome = outcome,
            TargetType = "federation-run",
            TargetId = request.RunId.ToString(),
            Details = details,
        }], cancellationToken);
    }

    /// <summary>What a run writes to <c>metrics.json</c>: declared metrics and true counts, nothing else.</summary>
    private sealed record RunOutput(Dictionary<string, double> Metrics, Dictionary<string, int>? Counts);

    [LoggerMessage(EventId = 9411, Level = LogLevel.Information, Message = "Federation node {Node}: run {RunId} refused by the node's policy: {Reason}")]
    private static partial void LogRefused(ILogger logger, string node, Guid runId, string reason);

    [LoggerMessage(EventId = 9412, Level = LogLevel.Warning, Message = "Federation node {Node}: run {RunId} could not be started or failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string node, Guid runId);
}
