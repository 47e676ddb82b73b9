using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
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

    public KubernetesJobBackend(IKubernetes client, KubernetesJobManifests manifests, BlobServiceClient blobs, TimeProvider clock, JobWakeup wakeup, ILogger<KubernetesJobWatcher> logger)
    {
        _client = client;
        _manifests = manifests;
        _blobs = blobs;
        Watcher = new KubernetesJobWatcher(client, wakeup, logger, clock);
    }

    public KubernetesJobWatcher Watcher { get; }

    /// <summary>The cluster's scheduler and the namespace ResourceQuota decide what fits; the tenant quotas still apply.</summary>
    public JobQueue.Capacity Capacity { get; } = new(null, null);

    public async Task LaunchAsync(JobLaunch launch, CancellationToken cancellationToken)
    {
        var job = launch.Job;
        var token = launch.StagingToken ?? throw new ArgumentException("A Kubernetes job needs the staging token the dispatcher issued.", nameof(launch));
        if (!KubernetesJobManifests.IsPinned(job.ImageDigest is null ? null : $"{job.Image}@{job.ImageDigest}"))
        {
            throw new DatasetStagingException($"image '{job.Image}' is not pinned by digest in the allow-list; a cluster runs only pinned images.");
        }

        // The plan goes to blob storage before the pod can exist: its helpers ask for links from it as soon as they start.
        await WritePlanAsync(job, cancellationToken);
        var ns = TenantRules.Namespace(job.TenantSlug);
        await CallAsync(ns, async () =>
        {
            var secret = KubernetesJobManifests.Secret(job, token);
            try
            {
                await _client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Left by an earlier launch: it holds that launch's token, which no longer works. A pod
                // already running reads the new one when the kubelet refreshes the volume; its helpers retry.
                await _client.CoreV1.ReplaceNamespacedSecretAsync(secret, secret.Metadata.Name, ns, cancellationToken: cancellationToken);
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
        await CallAsync(ns, async () =>
        {
            await IgnoreNotFound(() => _client.BatchV1.DeleteNamespacedJobAsync(KubernetesJobManifests.JobName(job.Id), ns,
                propagationPolicy: "Background", cancellationToken: cancellationToken));
            // Remove the pod now rather than when the garbage collector gets to it: cancel means gone within seconds.
            await _client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: $"{KubernetesJobManifests.JobIdLabel}={job.Id}",
                gracePeriodSeconds: 5, cancellationToken: cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// The archive the output sidecar uploaded, entry by entry as it downloads (a 1 GiB output never sits
    /// in memory), each with the SHA-256 the sidecar recorded; at the end the archive's own SHA-256 and
    /// file count must match what the sidecar wrote in its metadata.
    /// </summary>
    public async IAsyncEnumerable<JobOutputFile> ReadOutputsAsync(Job job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var archive = Archive(job);
        BlobDownloadStreamingResult download;
        try
        {
            download = (await archive.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new JobOutputsException("the output sidecar uploaded no archive.");
        }

        var metadata = download.Details.Metadata;
        if (!metadata.TryGetValue(OutputArchive.Sha256Key, out var expectedSha) || !metadata.TryGetValue(OutputArchive.FilesKey, out var expectedFiles))
        {
            throw new JobOutputsException("the output archive is incomplete: its upload did not finish.");
        }

        var files = 0;
        await using (var hashing = new HashingStream(download.Content))
        {
            await using (var tar = new TarReader(hashing, leaveOpen: true))
            {
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    // Regular files only: links and devices in an archive the job controlled are not outputs.
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    {
                        continue;
                    }

                    files++;
                    var path = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                    var sha = entry is PaxTarEntry pax && pax.ExtendedAttributes.TryGetValue(OutputArchive.EntrySha256Key, out var recorded) ? recorded : null;
                    var data = entry.DataStream;
                    yield return new JobOutputFile(path, entry.Length, _ => Task.FromResult(data), sha ?? throw new JobOutputsException($"{path}: the archive carries no checksum for it."));
                }
            }

            await hashing.DrainAsync(cancellationToken);
            if (!string.Equals(hashing.Sha256(), expectedSha, StringComparison.OrdinalIgnoreCase) || files.ToString(CultureInfo.InvariantCulture) != expectedFiles)
            {
                throw new JobOutputsException($"the output archive differs from what the sidecar uploaded ({files} file(s), sha256 {hashing.Sha256()}; expected {expectedFiles}, {expectedSha}).");
            }
        }
    }

    public async Task CleanupAsync(Job job, CancellationToken cancellationToken)
    {
        var ns = TenantRules.Namespace(job.TenantSlug);
        await CallAsync(ns, async () =>
        {
            await IgnoreNotFound(() => _client.CoreV1.DeleteNamespacedSecretAsync(KubernetesJobManifests.SecretName(job.Id), ns, cancellationToken: cancellationToken));
            await IgnoreNotFound(() => _client.BatchV1.DeleteNamespacedJobAsync(KubernetesJobManifests.JobName(job.Id), ns, propagationPolicy: "Background", cancellationToken: cancellationToken));
        }, cancellationToken);
        var system = _blobs.GetBlobContainerClient(BlobContainers.System);
        await system.GetBlobClient(BlobLayout.System.JobOutputArchive(job.Id)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await system.GetBlobClient(BlobLayout.System.JobStagingPlan(job.Id)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private BlobClient Archive(Job job) => _blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(BlobLayout.System.JobOutputArchive(job.Id));

    /// <summary>
    /// Each granted version's manifest, as the pod will stage it. Rewritten at every launch, so a
    /// requeued job stages what it is granted now; a manifest that is missing fails the job here.
    /// </summary>
    private async Task WritePlanAsync(Job job, CancellationToken cancellationToken)
    {
        var datasets = _blobs.GetBlobContainerClient(BlobContainers.Datasets);
        var planned = new List<StagingPlan.Dataset>();
        foreach (var dataset in job.Datasets)
        {
            planned.Add(new StagingPlan.Dataset(dataset.MountName, await DatasetStaging.ReadManifestAsync(datasets, dataset.DatasetId, dataset.Version, cancellationToken)));
        }

        try
        {
            await _blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(BlobLayout.System.JobStagingPlan(job.Id))
                .UploadAsync(new StagingPlan(job.Id, planned).Serialize(), overwrite: true, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status >= 500 || ex.Status == 429)
        {
            throw new JobBackendUnavailableException($"Blob storage unavailable ({ex.Status}) while writing the staging plan: waiting for it.", ex);
        }
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
        await CallAsync(ns, async () =>
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

    /// <summary>
    /// What an API error means for the one job concerned. Retry later (<see cref="JobBackendUnavailableException"/>):
    /// the API server did not answer (5xx, 429, timeouts, refused connections), the namespace quota is
    /// exhausted, or the tenant's namespace does not exist yet. Fail the job with the server's reason
    /// (<see cref="JobRejectedException"/>): the object is invalid (422, 400, 413), forbidden (403), or
    /// the namespace is being deleted. Either way other jobs go on.
    /// </summary>
    private static async Task CallAsync(string ns, Func<Task> call, CancellationToken cancellationToken)
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
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new JobBackendUnavailableException($"The tenant's namespace {ns} does not exist (yet): waiting for the tenant to be provisioned.", ex);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Forbidden && ex.Response.Content?.Contains("being terminated", StringComparison.Ordinal) == true)
        {
            throw new JobRejectedException($"The tenant's namespace {ns} is being deleted.", ex);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Conflict
                                                    or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity)
        {
            throw new JobRejectedException($"Kubernetes refused the job ({(int)ex.Response.StatusCode}): {StatusMessage(ex)}", ex);
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

    /// <summary>The <c>message</c> of the Status the API server answered with, else the raw body.</summary>
    private static string StatusMessage(HttpOperationException ex)
    {
        try
        {
            if (JsonNode.Parse(ex.Response.Content ?? "")?["message"]?.GetValue<string>() is { Length: > 0 } message)
            {
                return message.Length > 500 ? message[..500] + "…" : message;
            }
        }
        catch (JsonException)
        {
        }

        return ex.Response.ReasonPhrase ?? ex.Message;
    }
}
