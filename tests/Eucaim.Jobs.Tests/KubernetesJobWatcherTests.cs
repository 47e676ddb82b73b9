using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Kubernetes;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// The job watcher against an API server that compacts its history, expires watches and drops them:
/// it relists after 410, backs off instead of looping, and stays current with bookmarks.
/// </summary>
public sealed class KubernetesJobWatcherTests : IAsyncLifetime
{
    private const string JobWatches = "/apis/batch/v1/jobs";
    private const string PodWatches = "/api/v1/pods";

    private readonly ManualTimeProvider _time = new();
    private FakeKubernetesApiServer _server = null!;
    private Kubernetes _client = null!;
    private KubernetesJobWatcher _watcher = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = _server.CreateClient();
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = TenantRules.Namespace("tenant-a") } });
        _watcher = new KubernetesJobWatcher(_client, new JobWakeup(), NullLogger.Instance, _time);
    }

    public async Task DisposeAsync()
    {
        await _watcher.StopAsync(CancellationToken.None);
        _watcher.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_minute_of_expired_watches_costs_a_handful_of_lists_and_watches_not_a_busy_loop()
    {
        // Bound on each of list and watch per resource: the back-off (1 s doubling to 30 s) allows about 8 attempts in a minute.
        const int bound = 10;
        _server.Inject(new FakeKubernetesFault("GET", "/", FaultKind.ExpireWatch, Times: int.MaxValue) { Watch = true });
        await _watcher.StartAsync(CancellationToken.None);
        var start = _time.GetUtcNow();

        while (_time.GetUtcNow() - start < TimeSpan.FromMinutes(1))
        {
            // Both loops asleep in their back-off, or a watcher that never sleeps (then the bound below fails).
            await Eventually.UntilAsync(() => _time.PendingTimers == 2 || _server.RequestCount("GET", "/", watch: true) > 4 * bound, "both watch loops wait");
            if (_server.RequestCount("GET", "/", watch: true) > 4 * bound)
            {
                break;
            }

            _time.Advance(TimeSpan.FromMilliseconds(250));
        }

        // Let the attempts the last step started finish, so the counts and the state are those of two sleeping loops.
        await Eventually.UntilAsync(() => _time.PendingTimers == 2 || _server.RequestCount("GET", "/", watch: true) > 4 * bound, "both watch loops wait again");
        Assert.InRange(_server.RequestCount("GET", JobWatches, watch: true), 3, bound);
        Assert.InRange(_server.RequestCount("GET", PodWatches, watch: true), 3, bound);
        // Every 410 is followed by a relist.
        Assert.Equal(_server.RequestCount("GET", JobWatches, watch: true), _server.RequestCount("GET", JobWatches, watch: false));
        Assert.Equal(_server.RequestCount("GET", PodWatches, watch: true), _server.RequestCount("GET", PodWatches, watch: false));
        // Asleep after a 410: the cache is not current, and says so.
        Assert.False(_watcher.IsSynced);
    }

    [Fact]
    public async Task A_change_made_while_the_watch_was_expired_is_seen_after_the_relist()
    {
        var first = await CreateJobAsync();
        await _watcher.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => _watcher.TryGet(first, out var job, out _) && job is not null && _server.OpenWatches == 2, "the first job is cached and both watches are open");

        // The connection drops; while the watcher waits to reconnect, a job is created and the history compacted past it.
        _server.CloseWatches();
        await Eventually.UntilAsync(() => _time.PendingTimers == 2, "both watch loops wait to reconnect");
        var second = await CreateJobAsync();
        _server.Compact();

        await Eventually.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return _watcher.TryGet(second, out var job, out _) && job is not null;
        }, "the job created during the outage is cached");

        Assert.True(_watcher.IsSynced);
        Assert.Equal(2, _server.RequestCount("GET", JobWatches, watch: false));
    }

    [Fact]
    public async Task Bookmarks_keep_the_resume_point_current_so_a_dropped_watch_resumes_without_a_relist()
    {
        _server.BookmarkInterval = TimeSpan.FromMilliseconds(50);
        await _watcher.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => _watcher.IsSynced, "the watcher lists");

        // Changes the watches do not select move the resourceVersion on; then history is compacted.
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "elsewhere" } });
        var (jobBookmarks, podBookmarks) = (_server.BookmarksSent(JobWatches), _server.BookmarksSent(PodWatches));
        // Two each: the second was certainly taken after the change.
        await Eventually.UntilAsync(() => _server.BookmarksSent(JobWatches) >= jobBookmarks + 2 && _server.BookmarksSent(PodWatches) >= podBookmarks + 2, "both watches got bookmarks after the change");
        _server.Compact();
        _server.CloseWatches();
        var id = await CreateJobAsync();

        await Eventually.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return _watcher.TryGet(id, out var job, out _) && job is not null;
        }, "the new job is cached");

        Assert.Equal(1, _server.RequestCount("GET", JobWatches, watch: false));
        Assert.Equal(1, _server.RequestCount("GET", PodWatches, watch: false));
        Assert.True(_watcher.IsSynced);
    }

    private async Task<string> CreateJobAsync()
    {
        var id = Guid.NewGuid().ToString();
        await _client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"job-{id[..8]}",
                Labels = new Dictionary<string, string> { [TenantManifests.ManagedByLabel] = KubernetesJobManifests.ManagedBy, [KubernetesJobManifests.JobIdLabel] = id },
            },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "job", Image = "x" }] } } },
        }, TenantRules.Namespace("tenant-a"));
        return id;
    }
}
