using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Workers.Federation;

/// <summary>
/// The hub's work at this node (<see cref="NodeWork"/>: a run, a training round), one job through the node's own job
/// backend: the node's policy decides first; a taken job gets the same launch, staging of the node's published
/// versions, sandbox, run-time ceiling and clean-up as a local job. Only the one output file the work names is read
/// back and checked here, at the node; nothing else leaves: no log, no file, no text the job wrote (a failure's reason
/// is the node's own words). Every step is in the node's audit chain. The runner and the trainer share this so that
/// both take the same care of the node's data.
/// </summary>
public sealed partial class NodeJobExecution(
    FederationNodeOptions options, IJobBackend backend, IServiceScopeFactory scopes, TimeProvider time, ILogger<NodeJobExecution> logger)
{
    /// <summary>The most a job's one output file may weigh; its content is a few numbers.</summary>
    public const int MaxOutputBytes = 64 * 1024;

    /// <summary>The node's words to the hub when it takes work of a pre-approved image.</summary>
    public const string PreApproved = "Pre-approved image: runs without a person's approval.";

    private static readonly TimeSpan ObserveInterval = TimeSpan.FromMilliseconds(500);

    private static readonly Actor Node = Actor.System("federation-node");

    /// <summary>
    /// Decides on <paramref name="work"/> and, when taken, runs it to its end; every report goes through <paramref name="send"/>
    /// (the link keeps a report, in order, while the hub is unreachable).
    /// </summary>
    public async Task RunAsync(NodeWork work, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        if (await ReceiveAsync(work, cancellationToken) is { } refusal)
        {
            await send(work.Kind.UpdateKind, work.Update(RunUpdateState.Refused, refusal), cancellationToken);
            return;
        }

        await send(work.Kind.UpdateKind, work.Update(RunUpdateState.Accepted, PreApproved), cancellationToken);
        await ExecuteAsync(work, send, cancellationToken);
    }

    /// <summary>Audits the receipt of <paramref name="work"/> and the node's policy on it: null when it is taken, else the refusal.</summary>
    public async Task<string?> ReceiveAsync(NodeWork work, CancellationToken cancellationToken)
    {
        var versions = await HeldVersionsAsync(work.Datasets ?? [], cancellationToken);
        var refusal = work.Refusal(versions.Keys);
        await AuditAsync(work, work.Kind.Actions.Received, refusal is null ? AuditOutcomes.Success : AuditOutcomes.Denied, new()
        {
            ["requester"] = work.Requester?.Subject,
            ["tenant"] = work.Requester?.Tenant,
            ["organisation"] = work.Requester?.Organisation,
            ["refusal"] = refusal,
        }, cancellationToken);
        if (refusal is not null)
        {
            LogRefused(logger, options.Id!, work.Subject, refusal);
            await AuditAsync(work, work.Kind.Actions.Refused, AuditOutcomes.Denied, new() { ["reason"] = refusal }, cancellationToken);
        }

        return refusal;
    }

    /// <summary>Runs taken <paramref name="work"/> to its end on the published versions of its datasets held now.</summary>
    public async Task ExecuteAsync(NodeWork work, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var versions = await HeldVersionsAsync(work.Datasets ?? [], cancellationToken);
        if ((work.Datasets ?? []).FirstOrDefault(d => !versions.ContainsKey(d)) is var gone && gone != Guid.Empty)
        {
            // Withdrawn between the decision and the start (a person's approval can take days).
            await FailAsync(work, send, $"Dataset {gone} is no longer published at this node.", null, cancellationToken);
            return;
        }

        await ExecuteAsync(work, JobOf(work, versions), send, cancellationToken);
    }

    /// <summary>Records in the node's audit that the output of <paramref name="work"/> left for the hub.</summary>
    public Task AuditSentAsync(NodeWork work, Dictionary<string, string?> sent, CancellationToken cancellationToken) =>
        AuditAsync(work, work.Kind.Actions.Sent, AuditOutcomes.Success, sent, cancellationToken);

    /// <summary>The job's <paramref name="path"/> output file read as <typeparamref name="T"/>, strictly (no other field); else why not, for the node's audit.</summary>
    public async Task<(T? Value, string? Problem)> ReadOutputAsync<T>(Job job, string path, CancellationToken cancellationToken)
        where T : class
    {
        JobOutputFile? file = null;
        await foreach (var output in backend.ReadOutputsAsync(job, cancellationToken))
        {
            if (output.Path == path)
            {
                file = output;
            }
        }

        if (file is null)
        {
            return (null, $"the job wrote no {path}");
        }

        if (file.Size > MaxOutputBytes)
        {
            return (null, $"{path} is larger than {MaxOutputBytes} bytes");
        }

        try
        {
            await using var stream = await file.OpenAsync(cancellationToken);
            var value = await JsonSerializer.DeserializeAsync<T>(stream, FederationJson.Options, cancellationToken);
            return value is null ? (null, $"{path} is null") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, $"{path} is not of the expected shape: {ex.Message}");
        }
    }

    private async Task ExecuteAsync(NodeWork work, Job job, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            // The link remembers what it took only in memory: a sandbox of this job is left by a node process that
            // died, and its job may still be running. Start from nothing rather than observe what that one left.
            await backend.StopAsync(job, cancellationToken);
            await backend.CleanupAsync(job, cancellationToken);
            await backend.LaunchAsync(new JobLaunch(job, new Flavor { Name = job.Flavor, MaxRuntimeMinutes = job.MaxRuntimeMinutes }, []), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, options.Id!, work.Subject);
            await FailAsync(work, send, $"The {work.Kind.Noun} could not be started at this node.", ex.GetType().Name, cancellationToken);
            await backend.CleanupAsync(job, cancellationToken);
            return;
        }

        var ended = false;
        try
        {
            job.RunningAt = time.GetUtcNow();
            await AuditAsync(work, work.Kind.Actions.Started, AuditOutcomes.Success, new() { ["image"] = work.Image }, cancellationToken);
            await send(work.Kind.UpdateKind, work.Update(RunUpdateState.Running, null), cancellationToken);
            JobObservation observed;
            while (!(observed = await backend.ObserveAsync(job, cancellationToken)).Status.IsFinal())
            {
                await Task.Delay(ObserveInterval, time, cancellationToken);
            }

            ended = true;

            if (observed.Status != JobStatus.Succeeded)
            {
                // The backend's reason is its own fixed words (exit code, time-out), never the job's output.
                await FailAsync(work, send, $"The {work.Kind.Noun} ended {observed.Status.ToString().ToLowerInvariant()}: {observed.Reason}", observed.Reason, cancellationToken);
                return;
            }

            var output = await work.ReadResult(job, cancellationToken);
            if (output is not { Failure: null, Kind: { } kind, Body: { } body })
            {
                await FailAsync(work, send, output.Failure ?? $"The {work.Kind.Noun} failed at this node.", output.Detail, cancellationToken);
                return;
            }

            await AuditAsync(work, work.Kind.Actions.Finished, AuditOutcomes.Success, new() { ["state"] = "succeeded" }, cancellationToken);
            if (work.Deliver is { } deliver)
            {
                await deliver(output, cancellationToken);
                return;
            }

            await send(kind, body, cancellationToken);
            await AuditAsync(work, work.Kind.Actions.Sent, AuditOutcomes.Success, output.Sent ?? [], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of the node (its storage, its database): the work is reported failed rather than left running.
            LogFailed(logger, ex, options.Id!, work.Subject);
            await FailAsync(work, send, $"The {work.Kind.Noun} failed at this node.", ex.GetType().Name, cancellationToken);
        }
        finally
        {
            // The staged copies and whatever the job wrote stay at the node only as long as the job does.
            if (!ended)
            {
                await backend.StopAsync(job, CancellationToken.None);
            }

            await backend.CleanupAsync(job, CancellationToken.None);
        }
    }

    private Job JobOf(NodeWork work, IReadOnlyDictionary<Guid, int> versions) => new()
    {
        Id = work.JobId ?? work.Id,
        TenantSlug = work.Kind.Sandbox,
        Name = $"{work.Kind.JobPrefix}-{work.JobId ?? work.Id:N}",
        Image = work.Image,
        Flavor = work.Flavor,
        Arguments = [.. work.Arguments ?? []],
        Environment = new Dictionary<string, string>(work.Environment()),
        Datasets = [.. work.Datasets!.Select(d => new JobDataset { DatasetId = d, Version = versions[d], MountName = JobRules.MountName(d) })],
        MaxRuntimeMinutes = (int)Math.Ceiling(options.Runs.MaxRuntime.TotalMinutes),
        Status = JobStatus.Starting,
        SubmittedBy = work.Requester!.Subject,
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

    private async Task FailAsync(NodeWork work, Func<string, object, CancellationToken, Task> send, string reason, string? detail, CancellationToken cancellationToken)
    {
        await AuditAsync(work, work.Kind.Actions.Finished, AuditOutcomes.Failure, new() { ["state"] = "failed", ["reason"] = reason, ["detail"] = detail }, cancellationToken);
        await send(work.Kind.UpdateKind, work.Update(RunUpdateState.Failed, reason), cancellationToken);
    }

    private async Task AuditAsync(NodeWork work, string action, string outcome, Dictionary<string, string?> details, CancellationToken cancellationToken)
    {
        details["hub"] = FederationMessage.HubId;
        details["datasets"] = string.Join(",", work.Datasets ?? []);
        foreach (var (name, value) in work.AuditDetails)
        {
            details[name] = value;
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UnitOfWork>().SaveWithAuditAsync([Node.Audit(action) with
        {
            Outcome = outcome,
            TargetType = work.Kind.TargetType,
            TargetId = work.Id.ToString(),
            Details = details,
        }], cancellationToken);
    }

    [LoggerMessage(EventId = 9411, Level = LogLevel.Information, Message = "Federation node {Node}: {Work} refused by the node's policy: {Reason}")]
    private static partial void LogRefused(ILogger logger, string node, string work, string reason);

    [LoggerMessage(EventId = 9412, Level = LogLevel.Warning, Message = "Federation node {Node}: {Work} could not be started or failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string node, string work);
}
