using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Workers.Platform;

/// <summary>
/// A lease as a Kubernetes <c>coordination.k8s.io/v1</c> Lease object in the platform's namespace,
/// the way client-go's leader election uses one: the holder writes its pod name in
/// <c>holderIdentity</c> and renews <c>renewTime</c> every <see cref="LeaseOptions.RetryInterval"/>;
/// another replica takes over once <c>renewTime + leaseDurationSeconds</c> has passed. Every write
/// is a replace carrying the resourceVersion that was read, so of two replicas racing for an expired
/// Lease the API server lets one win and answers the other 409. A holder that cannot renew for
/// <see cref="LeaseOptions.RenewDeadline"/> (shorter than the duration) stops its work before anyone
/// else may start; a holder that stops cleanly hands the Lease back so the next one starts at once.
/// </summary>
public sealed partial class KubernetesLease : Lease
{
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset _lastRenewed = DateTimeOffset.MinValue;

    public KubernetesLease(string name, string holder, string @namespace, IKubernetes client, LeaseOptions options, TimeProvider time, ILogger logger)
        : base(name, holder)
    {
        _client = client;
        _namespace = @namespace;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Namespace => _namespace;

    private int DurationSeconds => (int)Math.Ceiling(_options.Duration.TotalSeconds);

    public override async Task HoldAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await TryAcquireOrRenewAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogAttemptFailed(_logger, Name, ex.Message);
                }

                await Task.Delay(_options.RetryInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            var held = IsHeld;
            EndTenure();
            if (held)
            {
                await ReleaseAsync();
            }
        }
    }

    /// <summary>
    /// One round: reads the Lease and creates, renews or takes it over as its state allows.
    /// </summary>
    /// <returns>True when this replica holds the lease after the round.</returns>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AttemptAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            EndTenureIfPastDeadline();
            throw;
        }
    }

    private async Task<bool> AttemptAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var lease = await ReadAsync(cancellationToken);
        if (lease is null)
        {
            return await WriteAsync(now, () => _client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = _namespace },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = Holder,
                    LeaseDurationSeconds = DurationSeconds,
                    AcquireTime = now.UtcDateTime,
                    RenewTime = now.UtcDateTime,
                    LeaseTransitions = 0,
                },
            }, _namespace, cancellationToken: cancellationToken), taking: true);
        }

        var spec = lease.Spec ??= new V1LeaseSpec();
        var mine = spec.HolderIdentity == Holder;
        if (!mine && !IsExpired(spec, now))
        {
            if (IsHeld)
            {
                LogTakenOver(_logger, Name, spec.HolderIdentity ?? "");
                EndTenure();
            }

            return false;
        }

        if (!mine)
        {
            spec.HolderIdentity = Holder;
            spec.AcquireTime = now.UtcDateTime;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.RenewTime = now.UtcDateTime;
        spec.LeaseDurationSeconds = DurationSeconds;
        return await WriteAsync(now, () => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, Name, _namespace, cancellationToken: cancellationToken), taking: !mine);
    }

    /// <summary>Free when nobody holds it or its holder has not renewed within its duration.</summary>
    public static bool IsExpired(V1LeaseSpec spec, DateTimeOffset now) =>
        string.IsNullOrEmpty(spec.HolderIdentity)
        || spec.RenewTime is not { } renewed
        || Utc(renewed).AddSeconds(spec.LeaseDurationSeconds ?? 0) <= now;

    private static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private async Task<V1Lease?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.CoordinationV1.ReadNamespacedLeaseAsync(Name, _namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates or replaces the Lease; a 409 means another replica wrote it first (it is re-read next round).</summary>
    private async Task<bool> WriteAsync(DateTimeOffset now, Func<Task<V1Lease>> write, bool taking)
    {
        try
        {
            await write();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            EndTenureIfPastDeadline();
            return IsHeld;
        }

        _lastRenewed = now;
        if (taking || !IsHeld)
        {
            LogAcquired(_logger, Name, Holder, _namespace);
        }

        BeginTenure();
        return true;
    }

    /// <summary>A holder that could not renew for the renew deadline stops, before the Lease can expire for the others.</summary>
    private void EndTenureIfPastDeadline()
    {
        if (IsHeld && _time.GetUtcNow() - _lastRenewed >= _options.RenewDeadline)
        {
            LogNotRenewed(_logger, Name, _options.RenewDeadline.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            EndTenure();
        }
    }

    /// <summary>Hands the Lease back on a clean stop (holder cleared, one-second duration), so a successor need not wait it out.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var lease = await ReadAsync(timeout.Token);
            if (lease?.Spec is not { } spec || spec.HolderIdentity != Holder)
            {
                return;
            }

            spec.HolderIdentity = null;
            spec.LeaseDurationSeconds = 1;
            spec.RenewTime = _time.GetUtcNow().UtcDateTime;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, Name, _namespace, cancellationToken: timeout.Token);
        }
        catch (Exception ex)
        {
            // The Lease then expires on its own after its duration.
            LogReleaseFailed(_logger, Name, ex.Message);
        }
    }

    [LoggerMessage(EventId = 9111, Level = LogLevel.Information, Message = "Lease {Lease} acquired by {Holder} (Kubernetes Lease in {Namespace}).")]
    private static partial void LogAcquired(ILogger logger, string lease, string holder, string @namespace);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Warning, Message = "Lease {Lease}: this replica could not reach the Lease ({Message}).")]
    private static partial void LogAttemptFailed(ILogger logger, string lease, string message);

    [LoggerMessage(EventId = 9113, Level = LogLevel.Warning, Message = "Lease {Lease} lost: not renewed for {Seconds} s; its work stops here.")]
    private static partial void LogNotRenewed(ILogger logger, string lease, string seconds);

    [LoggerMessage(EventId = 9114, Level = LogLevel.Warning, Message = "Lease {Lease} lost: {Holder} holds it now; its work stops here.")]
    private static partial void LogTakenOver(ILogger logger, string lease, string holder);

    [LoggerMessage(EventId = 9115, Level = LogLevel.Warning, Message = "Lease {Lease} could not be handed back ({Message}); it expires on its own.")]
    private static partial void LogReleaseFailed(ILogger logger, string lease, string message);
}
