using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// Watches the platform's Jobs and their pods in every tenant namespace and keeps the latest of each,
/// so the monitor maps status from watch events instead of polling the API server, and wakes the
/// dispatcher when something changes. It works like client-go's informer: list, then watch from the
/// list's resourceVersion with bookmarks (so the version it resumes from stays recent even when
/// nothing changes), resume after a watch ends, and relist when the server answers 410 Expired.
/// KubernetesClient reports a watch's ERROR events (the 410 among them) only to <c>onError</c>, not as
/// exceptions, so that callback decides what happens next. Every attempt that ends without a healthy
/// watch waits a jittered, doubling back-off first (1 s to 30 s, reset by a healthy watch): never a busy loop.
/// </summary>
public sealed class KubernetesJobWatcher(IKubernetes client, JobWakeup wakeup, ILogger logger, TimeProvider? time = null) : BackgroundService
{
    private readonly ConcurrentDictionary<string, V1Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private volatile bool _jobsSynced;
    private volatile bool _podsSynced;

    /// <summary>True while both caches are current: listed, and not since told by the server that their resourceVersion expired.</summary>
    public bool IsSynced => _jobsSynced && _podsSynced;

    public bool TryGet(string jobId, out V1Job? job, out IReadOnlyList<V1Pod> pods)
    {
        job = _jobs.Values.FirstOrDefault(j => j.Metadata?.Labels?.TryGetValue(KubernetesJobManifests.JobIdLabel, out var id) == true && id == jobId);
        pods = [.. _pods.Values.Where(p => p.Metadata?.Labels?.TryGetValue(KubernetesJobManifests.JobIdLabel, out var id) == true && id == jobId)];
        return IsSynced;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        RunAsync("jobs", _jobs, v => _jobsSynced = v,
            async ct => { var l = await client.BatchV1.ListJobForAllNamespacesAsync(labelSelector: KubernetesJobManifests.Selector, cancellationToken: ct); return (l.Items, l.Metadata.ResourceVersion); },
            (rv, onError, ct) => client.BatchV1.WatchListJobForAllNamespacesAsync(
                allowWatchBookmarks: true, labelSelector: KubernetesJobManifests.Selector, resourceVersion: rv, onError: onError, cancellationToken: ct),
            stoppingToken),
        RunAsync("pods", _pods, v => _podsSynced = v,
            async ct => { var l = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: KubernetesJobManifests.Selector, cancellationToken: ct); return (l.Items, l.Metadata.ResourceVersion); },
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, labelSelector: KubernetesJobManifests.Selector, resourceVersion: rv, onError: onError, cancellationToken: ct),
            stoppingToken));

    private async Task RunAsync<T>(
        string kind,
        ConcurrentDictionary<string, T> cache,
        Action<bool> synced,
        Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        CancellationToken stoppingToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var backoff = new WatchBackoff(_time);
        string? resourceVersion = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var healthy = false;
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(list, cache, stoppingToken);
                    synced(true);
                    wakeup.Signal();
                }

                Exception? error = null;
                await foreach (var (type, item) in watch(resourceVersion, e => error ??= e, stoppingToken))
                {
                    healthy = true;
                    resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
                    if (type == WatchEventType.Bookmark)
                    {
                        continue;
                    }

                    if (type == WatchEventType.Deleted)
                    {
                        cache.TryRemove(Key(item), out _);
                    }
                    else if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        cache[Key(item)] = item;
                    }

                    wakeup.Signal();
                }

                if (error is not null)
                {
                    healthy = false;
                    resourceVersion = Failed(kind, error, resourceVersion, synced);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                resourceVersion = Failed(kind, ex, resourceVersion, synced);
            }

            if (healthy)
            {
                backoff.Reset();
            }
            else
            {
                await backoff.WaitAsync(stoppingToken);
            }
        }
    }

    /// <summary>Replaces the cache with a fresh list without ever emptying it: a reader in between would see every job and pod gone.</summary>
    private static async Task<string> ListAsync<T>(
        Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list, ConcurrentDictionary<string, T> cache, CancellationToken stoppingToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var (items, version) = await list(stoppingToken);
        var listed = items.ToDictionary(Key, StringComparer.Ordinal);
        foreach (var (key, item) in listed)
        {
            cache[key] = item;
        }

        foreach (var stale in cache.Keys.Where(k => !listed.ContainsKey(k)).ToList())
        {
            cache.TryRemove(stale, out _);
        }

        return version;
    }

    /// <summary>What a failed list or watch leaves: after 410 the resourceVersion is gone and the cache stale until the relist; otherwise resume where it was.</summary>
    private string? Failed(string kind, Exception error, string? resourceVersion, Action<bool> synced)
    {
        if (error is KubernetesException { Status.Code: 410 } || error is HttpOperationException { Response.StatusCode: HttpStatusCode.Gone })
        {
            logger.LogInformation("The {Kind} watch's resourceVersion expired; listing again.", kind);
            synced(false);
            return null;
        }

        var status = error switch
        {
            HttpOperationException http => ((int)http.Response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
            KubernetesException k8s => k8s.Status?.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "error",
            _ => error.GetType().Name,
        };
        logger.LogWarning("Watching {Kind} failed ({Status}: {Message}); retrying with back-off.", kind, status, error.Message);
        return resourceVersion;
    }

    private static string Key<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta> => $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}";
}
