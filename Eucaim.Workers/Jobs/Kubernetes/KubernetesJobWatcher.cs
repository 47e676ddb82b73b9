using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// Watches the platform's Jobs and their pods in every tenant namespace and keeps the latest of each,
/// so the monitor maps status from watch events instead of polling the API server, and wakes the
/// dispatcher when something changes. A watch that ends resumes from the last resourceVersion seen;
/// one the server no longer has (410 Gone) starts again from a fresh list.
/// </summary>
public sealed class KubernetesJobWatcher(IKubernetes client, JobWakeup wakeup, ILogger logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, V1Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private volatile bool _jobsSynced;
    private volatile bool _podsSynced;

    /// <summary>True once both watches have listed what exists; before that the cache may miss objects.</summary>
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
            (rv, ct) => client.BatchV1.WatchListJobForAllNamespacesAsync(labelSelector: KubernetesJobManifests.Selector, resourceVersion: rv, cancellationToken: ct),
            stoppingToken),
        RunAsync("pods", _pods, v => _podsSynced = v,
            async ct => { var l = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: KubernetesJobManifests.Selector, cancellationToken: ct); return (l.Items, l.Metadata.ResourceVersion); },
            (rv, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(labelSelector: KubernetesJobManifests.Selector, resourceVersion: rv, cancellationToken: ct),
            stoppingToken));

    private async Task RunAsync<T>(
        string kind,
        ConcurrentDictionary<string, T> cache,
        Action<bool> synced,
        Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
        Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        CancellationToken stoppingToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        string? resourceVersion = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (items, version) = await list(stoppingToken);
                    // Replace the cache without ever emptying it: a reader in between would see every job and pod gone.
                    var listed = items.ToDictionary(Key, StringComparer.Ordinal);
                    foreach (var (key, item) in listed)
                    {
                        cache[key] = item;
                    }

                    foreach (var stale in cache.Keys.Where(k => !listed.ContainsKey(k)).ToList())
                    {
                        cache.TryRemove(stale, out _);
                    }

                    resourceVersion = version;
                    synced(true);
                    wakeup.Signal();
                }

                await foreach (var (type, item) in watch(resourceVersion, stoppingToken))
                {
                    resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
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
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
            {
                // The server no longer has our resourceVersion: list again.
                resourceVersion = null;
                synced(false);
            }
            catch (k8s.Autorest.HttpOperationException ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Watching {Kind} failed ({Status}); retrying.", kind, ex.Response.StatusCode);
                await Pause(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                if (ex is KubernetesException { Status.Code: 410 })
                {
                    resourceVersion = null;
                    synced(false);
                    continue;
                }

                logger.LogWarning("Watching {Kind} failed: {Message}; retrying.", kind, ex.Message);
                await Pause(stoppingToken);
            }
        }
    }

    private static Task Pause(CancellationToken stoppingToken) =>
        Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);

    private static string Key<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta> => $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}";
}
