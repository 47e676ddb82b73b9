using System.Net;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Platform;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eucaim.Tenants.Tests.Platform;

/// <summary>
/// The Workers' single-instance leases on a cluster, against the fake API server (real 404/409 and
/// resourceVersion semantics) with a clock the test moves: one holder at a time, renewal, takeover
/// once <c>renewTime + leaseDurationSeconds</c> has passed, a holder that cannot renew stopping
/// before anyone may take over, and the hand-back on a clean stop.
/// </summary>
public sealed class KubernetesLeaseTests : IAsyncLifetime
{
    private const string Namespace = "eucaim";
    private const string Name = LeaseNames.JobDispatcher;

    private static readonly LeaseOptions Options = new()
    {
        Duration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryInterval = TimeSpan.FromSeconds(2),
    };

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private FakeKubernetesApiServer _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = _server.CreateClient(TimeSpan.FromSeconds(5));
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_first_replica_creates_the_Lease_and_holds_it_and_the_others_do_not()
    {
        var a = Candidate("workers-a");
        var b = Candidate("workers-b");
        var acquired = 0;
        a.Acquired += () => acquired++;

        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));

        var lease = await ReadAsync();
        Assert.Equal("workers-a", lease.Spec.HolderIdentity);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(_clock.GetUtcNow(), Utc(lease.Spec.RenewTime));
        Assert.Equal(_clock.GetUtcNow(), Utc(lease.Spec.AcquireTime));
        Assert.True(a.IsHeld);
        Assert.False(a.Tenure.IsCancellationRequested);
        Assert.False(b.IsHeld);
        Assert.True(b.Tenure.IsCancellationRequested);
        Assert.Equal(1, acquired);
    }

    [Fact]
    public async Task A_holder_that_renews_within_the_duration_keeps_the_lease_in_one_tenure()
    {
        var a = Candidate("workers-a");
        var b = Candidate("workers-b");
        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        var tenure = a.Tenure;

        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(4.9));
            Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        }

        var lease = await ReadAsync();
        Assert.Equal("workers-a", lease.Spec.HolderIdentity);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromSeconds(4.9), Utc(lease.Spec.RenewTime));
        Assert.Equal(0, lease.Spec.LeaseTransitions);
        Assert.False(tenure.IsCancellationRequested);
    }

    [Fact]
    public async Task A_holder_that_stops_renewing_is_replaced_once_renewTime_plus_the_duration_has_passed_and_then_learns_it_lost()
    {
        var a = Candidate("workers-a");
        var b = Candidate("workers-b");
        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        var tenure = a.Tenure;
        var renewed = _clock.GetUtcNow();

        _clock.Advance(TimeSpan.FromSeconds(14.9));
        Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(await b.TryAcquireOrRenewAsync(CancellationToken.None));

        var lease = await ReadAsync();
        Assert.Equal("workers-b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(renewed + TimeSpan.FromSeconds(15), Utc(lease.Spec.AcquireTime));

        // The old holder comes back (a paused process): it sees the new holder and stops.
        Assert.False(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.True(tenure.IsCancellationRequested);
        Assert.False(a.IsHeld);
        Assert.Equal("workers-b", (await ReadAsync()).Spec.HolderIdentity);
    }

    [Fact]
    public async Task Replicas_racing_for_a_free_or_an_expired_Lease_end_with_exactly_one_holder()
    {
        var candidates = Enumerable.Range(0, 6).Select(i => Candidate($"workers-{i}")).ToList();

        // Free: every candidate tries to create it; the API server answers all but one 409.
        var created = await Task.WhenAll(candidates.Select(c => c.TryAcquireOrRenewAsync(CancellationToken.None)));
        var first = Assert.Single(candidates.Where((_, i) => created[i]));
        Assert.Equal(first.Holder, (await ReadAsync()).Spec.HolderIdentity);
        Assert.Single(candidates, c => c.IsHeld);

        // Expired: every other candidate replaces it with the resourceVersion it read; one wins.
        _clock.Advance(TimeSpan.FromSeconds(16));
        var others = candidates.Where(c => c != first).ToList();
        var taken = await Task.WhenAll(others.Select(c => c.TryAcquireOrRenewAsync(CancellationToken.None)));
        var second = Assert.Single(others.Where((_, i) => taken[i]));
        var lease = await ReadAsync();
        Assert.Equal(second.Holder, lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.False(await first.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Single(candidates, c => c.IsHeld);
    }

    [Fact]
    public async Task A_replace_with_a_stale_resourceVersion_is_refused_with_409()
    {
        var a = Candidate("workers-a");
        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        var stale = await ReadAsync();
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));

        stale.Spec.HolderIdentity = "workers-b";
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(stale, Name, Namespace));
        Assert.Equal(HttpStatusCode.Conflict, refused.Response.StatusCode);
        Assert.Equal("workers-a", (await ReadAsync()).Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_holder_that_cannot_reach_the_API_server_stops_at_the_renew_deadline_before_the_lease_expires_for_the_others()
    {
        var a = Candidate("workers-a");
        var b = Candidate("workers-b");
        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        var tenure = a.Tenure;
        var outage = new FakeKubernetesFault("GET", "/leases/", FaultKind.Status, StatusCode: 500, Times: 100);
        _server.Inject(outage);

        _clock.Advance(TimeSpan.FromSeconds(9.9));
        await Assert.ThrowsAsync<HttpOperationException>(() => a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.True(a.IsHeld);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        await Assert.ThrowsAsync<HttpOperationException>(() => a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.True(tenure.IsCancellationRequested);
        Assert.False(a.IsHeld);

        // The API server is back: for the others the Lease is still a's until renewTime + 15 s.
        outage.Remaining = 0;
        Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await b.TryAcquireOrRenewAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_holder_that_stops_hands_the_Lease_back_so_the_next_replica_takes_over_without_waiting_out_the_duration()
    {
        var system = new LeaseOptions { Duration = TimeSpan.FromSeconds(15), RenewDeadline = TimeSpan.FromSeconds(10), RetryInterval = TimeSpan.FromMilliseconds(100) };
        var a = new KubernetesLease(Name, "workers-a", Namespace, _client, system, TimeProvider.System, NullLogger.Instance);
        var b = new KubernetesLease(Name, "workers-b", Namespace, _client, system, TimeProvider.System, NullLogger.Instance);
        using var stopping = new CancellationTokenSource();
        var holding = a.HoldAsync(stopping.Token);
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!a.IsHeld)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), patience.Token);
            }
        }

        var tenure = a.Tenure;
        Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        await stopping.CancelAsync();
        await holding;

        Assert.True(tenure.IsCancellationRequested);
        Assert.True(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal("workers-b", (await ReadAsync()).Spec.HolderIdentity);
    }

    private KubernetesLease Candidate(string holder) =>
        new(Name, holder, Namespace, _client, Options, _clock, NullLogger.Instance);

    private Task<V1Lease> ReadAsync() => _client.CoordinationV1.ReadNamespacedLeaseAsync(Name, Namespace);

    private static DateTimeOffset Utc(DateTime? time) =>
        new(time!.Value.Kind == DateTimeKind.Local ? time.Value.ToUniversalTime() : DateTime.SpecifyKind(time.Value, DateTimeKind.Utc));

    /// <summary>A clock that moves only when the test says.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
