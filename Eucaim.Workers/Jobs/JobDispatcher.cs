using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// Runs <see cref="JobCycle"/> passes: at once when a job is submitted or cancelled, an export is
/// decided or a grant ends (LISTEN), or a Kubernetes watch event comes in, otherwise every poll
/// interval. One Workers instance dispatches at a time (a PostgreSQL advisory lock), so two never
/// launch the same job; a restarted one picks up every job where the rows say it is.
/// </summary>
internal sealed class JobDispatcher(
    IServiceScopeFactory scopes,
    JobsOptions options,
    JobWakeup wakeup,
    TimeProvider clock,
    ILogger<JobDispatcher> logger) : WorkerLoop(logger, clock)
{
    /// <summary>An arbitrary constant naming the dispatcher's advisory lock.</summary>
    private const long LockKey = 0x4575_6361_696D_4A6F;

    /// <summary>Channels that wake the dispatcher; grant_ended is sent by the access capability.</summary>
    public static readonly string[] Channels = [NotificationChannels.JobChanged, NotificationChannels.GrantEnded];

    /// <summary>True while this instance holds the advisory lock on its open leader connection.</summary>
    private volatile bool _leading;

    private volatile bool _grantEnded = true;

    private DateTimeOffset _lastGrantCheck = DateTimeOffset.MinValue;

    protected override TimeSpan Interval => options.PollInterval;

    protected override Task ListenAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(LeadAsync(stoppingToken), ForwardWakeupsAsync(stoppingToken));

    /// <summary>One dispatch pass, only while this instance is the leader; grants are re-checked when one ended or the check is due.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!_leading)
        {
            return false;
        }

        var now = Time.GetUtcNow();
        var checkGrants = _grantEnded || now - _lastGrantCheck >= options.GrantCheckInterval;
        _grantEnded = false;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<JobCycle>().RunAsync(checkGrants, cancellationToken);
        if (checkGrants)
        {
            _lastGrantCheck = now;
        }

        return false;
    }

    /// <summary>
    /// Holds the leader connection: takes the advisory lock (or tries again each poll interval),
    /// LISTENs on <see cref="Channels"/> on the same connection and reads it for notifications until
    /// it breaks, which releases the lock; then opens a new one after a poll interval.
    /// </summary>
    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenAsync(stoppingToken);
                if (!await TryLockAsync(connection, stoppingToken))
                {
                    await Task.Delay(Interval, Time, stoppingToken);
                    continue;
                }

                connection.Notification += (_, e) =>
                {
                    if (e.Channel != NotificationChannels.JobChanged)
                    {
                        _grantEnded = true;
                    }

                    Wake();
                };
                foreach (var channel in Channels)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // A new leader checks every grant in its first pass, which starts at once.
                _grantEnded = true;
                _leading = true;
                Wake();
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                finally
                {
                    _leading = false;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Logger.LogError(ex, "The job dispatcher lost its connection: {Message}", ex.Message);
                await Task.Delay(Interval, Time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Kubernetes watch events signal <see cref="JobWakeup"/>; each wakes the loop.</summary>
    private async Task ForwardWakeupsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await wakeup.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
            Wake();
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        await using var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        lockCommand.Parameters.AddWithValue("key", LockKey);
        return await lockCommand.ExecuteScalarAsync(stoppingToken) is true;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connection = new NpgsqlConnection(scope.ServiceProvider.GetRequiredService<EucaimDbContext>().Database.GetConnectionString());
        await connection.OpenAsync(stoppingToken);
        return connection;
    }
}
