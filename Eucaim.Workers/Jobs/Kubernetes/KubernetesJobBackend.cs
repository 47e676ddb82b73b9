using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Eucaim.Core.Tenants;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// Jobs as <c>batch/v1</c> Jobs in the tenant namespace (<see cref="KubernetesJobManifests"/>). Names
/// are derived from the job id, so creating an existing Job answers 409 and is taken as "already
/// launched": a restarted Workers never starts a job twice. An API server that does not answer
/// leaves the job queued with the reason shown.
/// </summary>
public sealed class KubernetesJobBackend : IJobBackend
{
    private readonly IKubernetes _client;
    private readonly KubernetesJobManifests _manifests;
    private readonly BlobServiceClient _blobs;
    private readonly JobsOptions _options;
    private readonly TimeProvider _clock;

    public KubernetesJobBackend(IKubernetes client, KubernetesJobManifests manifests, BlobServiceClient blobs, JobsOptions options, TimeProvider clock, JobWakeup wakeup, ILogger<KubernetesJobWatcher> logger)
    {
        _client = client;
        _manifests = manifests;
        _blobs = blobs;
        _options = options;
        _clock = clock;
        Watcher = new KubernetesJobWatcher(client, wakeup, logger);
    }

    public KubernetesJobWatcher Watcher { get; }

    /// <summary>The cluster's scheduler and the namespace ResourceQuota decide what fits; the tenant quotas still apply.</summary>
    public JobQueue.Capacity Capacity { get; } = new(null, null);

    public static string OutputArchive(Job job) => $"{job.TenantSlug}/jobs/{job.Id:D}/output.tar";

    public async Task LaunchAsync(JobLaunch launch, CancellationToken cancellationToken)
    {
        var job = launch.Job;
        if (!KubernetesJobManifests.IsPinned(job.ImageDigest is null ? null : $"{job.Image}@{job.ImageDigest}"))
        {
            throw new DatasetStagingException($"image '{job.Image}' is not pinned by digest in the allow-list; a cluster runs only pinned images.");
        }

        var plan = await PlanAsync(job, cancellationToken);
        var ns = TenantRules.Namespace(job.TenantSlug);
        await CallAsync(async () =>
        {
            try
            {
                await _client.CoreV1.CreateNamespacedSecretAsync(KubernetesJobManifests.Secret(job, plan), ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Made by an earlier attempt: it still holds a valid plan for this job.
            }

            try
            {
                await _client.BatchV1.CreateNamespacedJobAsync(_manifests.Job(job, launch.Flavor), ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Already launched (by a Workers that stopped before saving it): never launch twice.
            }
        }, cancellationToken);
        job.BackendHandle = $"{ns}/{KubernetesJobManifests.JobName(job.Id)}";
    }

    public async Task<JobObservation> ObserveAsync(Job job, CancellationToken cancellationToken)
    {
        var (found, pods) = await FindAsync(job, cancellationToken);
        if (found is null)
        {
            return job.BackendHandle is null
                ? JobObservation.NotLaunched
                : new JobObservation(true, JobStatus.Failed, "The Kubernetes Job disappeared (deleted outside the platform).", null);
        }

        return KubernetesJobStatus.Map(found, pods);
    }

    public async Task<LogRead> ReadLogAsync(Job job, CancellationToken cancellationToken)
    {
        var (_, pods) = await FindAsync(job, cancellationToken);
        var pod = pods.OrderByDescending(p => p.Metadata?.CreationTimestamp ?? DateTime.MinValue).FirstOrDefault();
        if (pod is null || pod.Status?.ContainerStatuses?.Any(c => c.Name == KubernetesJobManifests.MainContainer && (c.State?.Running is not null || c.State?.Terminated is not null)) != true)
        {
            return new LogRead("", job.LogCursor);
        }

        var cursor = job.LogCursor;
        var since = cursor is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(cursor, CultureInfo.InvariantCulture);
        string text;
        try
        {
            // Only the lines from the cursor's second on: a pass downloads what is new, not the whole log again.
            await using var stream = await PodLogRequest.ReadAsync(_client, pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                KubernetesJobManifests.MainContainer, since, cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            // The pod is gone or its container has not started: nothing (more) to read.
            return new LogRead("", job.LogCursor);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new JobBackendUnavailableException($"Kubernetes API unavailable while reading logs: {ex.Message}", ex);
        }

        // Each line is "<RFC 3339 timestamp> <text>"; the cursor is the timestamp of the last line taken, and
        // the lines of its second that were taken before come again (second precision) and are skipped.
        var output = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !DateTimeOffset.TryParse(line[..space], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                continue;
            }

            if (since is not null && at <= since)
            {
                continue;
            }

            output.Append(line, space + 1, line.Length - space - 1).Append('\n');
            cursor = line[..space];
            since = at;
        }

        return new LogRead(output.ToString(), cursor);
    }

    public async Task StopAsync(Job job, CancellationToken cancellationToken)
    {
        var ns = TenantRules.Namespace(job.TenantSlug);
        await CallAsync(async () =>
        {
            await IgnoreNotFound(() => _client.BatchV1.DeleteNamespacedJobAsync(KubernetesJobManifests.JobName(job.Id), ns,
                propagationPolicy: "Background", cancellationToken: cancellationToken));
            // Remove the pod now rather than when the garbage collector gets to it: cancel means gone within seconds.
            await _client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: $"{KubernetesJobManifests.JobIdLabel}={job.Id}",
                gracePeriodSeconds: 5, cancellationToken: cancellationToken);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<JobOutputFile> ReadOutputsAsync(Job job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var archive = _blobs.GetBlobContainerClient(BlobContainers.Tenants).GetBlobClient(OutputArchive(job));
        Stream content;
        try
        {
            content = (await archive.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            yield break;
        }

        await using (content)
        {
            await using var tar = new TarReader(content);
            while (await tar.GetNextEntryAsync(copyData: true, cancellationToken) is { } entry)
            {
                // Regular files only: links and devices in an archive the job controlled are not outputs.
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                var path = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                var data = entry.DataStream;
                yield return new JobOutputFile(path, data.Length, _ => Task.FromResult(data));
            }
        }
    }

    public async Task CleanupAsync(Job job, CancellationToken cancellationToken)
    {
        var ns = TenantRules.Namespace(job.TenantSlug);
        await CallAsync(async () =>
        {
            await IgnoreNotFound(() => _client.CoreV1.DeleteNamespacedSecretAsync(KubernetesJobManifests.SecretName(job.Id), ns, cancellationToken: cancellationToken));
            await IgnoreNotFound(() => _client.BatchV1.DeleteNamespacedJobAsync(KubernetesJobManifests.JobName(job.Id), ns, propagationPolicy: "Background", cancellationToken: cancellationToken));
        }, cancellationToken);
        await _blobs.GetBlobContainerClient(BlobContainers.Tenants).GetBlobClient(OutputArchive(job)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>One read-only SAS per file of each granted version, and one create/write SAS for the output archive.</summary>
    private async Task<StagingPlan> PlanAsync(Job job, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var expires = now + TimeSpan.FromMinutes(job.MaxRuntimeMinutes + _options.Kubernetes.SasMarginMinutes);
        var stagingExpires = now + TimeSpan.FromMinutes(_options.Kubernetes.SasMarginMinutes);
        var datasets = _blobs.GetBlobContainerClient(BlobContainers.Datasets);
        var planned = new List<StagingPlan.Dataset>();
        foreach (var dataset in job.Datasets)
        {
            var manifest = await DatasetStaging.ReadManifestAsync(datasets, dataset.DatasetId, dataset.Version, cancellationToken);
            var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
            foreach (var file in manifest.Files)
            {
                var blob = datasets.GetBlobClient(BlobLayout.Datasets.File(dataset.DatasetId, dataset.Version, file.Path));
                urls[file.Path] = await BlobSas.ForBlobAsync(_blobs, blob, BlobSasPermissions.Read, now, stagingExpires, cancellationToken);
            }

            planned.Add(new StagingPlan.Dataset(dataset.MountName, manifest, urls));
        }

        var archive = _blobs.GetBlobContainerClient(BlobContainers.Tenants).GetBlobClient(OutputArchive(job));
        var upload = await BlobSas.ForBlobAsync(_blobs, archive, BlobSasPermissions.Create | BlobSasPermissions.Write, now, expires, cancellationToken);
        return new StagingPlan(planned, upload);
    }

    private async Task<(V1Job? Job, IReadOnlyList<V1Pod> Pods)> FindAsync(Job job, CancellationToken cancellationToken)
    {
        if (Watcher.TryGet(job.Id.ToString(), out var cached, out var cachedPods) && cached is not null)
        {
            return (cached, cachedPods);
        }

        var ns = TenantRules.Namespace(job.TenantSlug);
        V1Job? found = null;
        IReadOnlyList<V1Pod> pods = [];
        await CallAsync(async () =>
        {
            try
            {
                found = await _client.BatchV1.ReadNamespacedJobAsync(KubernetesJobManifests.JobName(job.Id), ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                found = null;
            }

            pods = [.. (await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{KubernetesJobManifests.JobIdLabel}={job.Id}", cancellationToken: cancellationToken)).Items];
        }, cancellationToken);
        return (found, pods);
    }

    private static async Task IgnoreNotFound(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Turns "the API server did not answer" (5xx, 429, timeouts, refused connections, quota exceeded) into <see cref="JobBackendUnavailableException"/>.</summary>
    private static async Task CallAsync(Func<Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException ex) when ((int)ex.Response.StatusCode >= 500 || ex.Response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new JobBackendUnavailableException($"Kubernetes API unavailable ({(int)ex.Response.StatusCode}): waiting for it to answer again.", ex);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Forbidden && ex.Response.Content?.Contains("exceeded quota", StringComparison.Ordinal) == true)
        {
            throw new JobBackendUnavailableException("The namespace quota is exhausted: waiting for running jobs to end.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new JobBackendUnavailableException($"Kubernetes API unavailable: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JobBackendUnavailableException("Kubernetes API unavailable: the request timed out.", ex);
        }
    }
}
