using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// Runs <see cref="JobCycle"/> passes: at once when a job is submitted or cancelled, an export is
/// decided or a grant ends (LISTEN), otherwise every poll interval. One Workers instance dispatches at
/// a time (a PostgreSQL advisory lock), so two never launch the same job; a restarted one picks up
/// every job where the rows say it is.
/// </summary>
internal sealed class JobDispatcher(
    IServiceScopeFactory scopes,
    JobsOptions options,
    JobWakeup wakeup,
    TimeProvider clock,
    ILogger<JobDispatcher> logger) : BackgroundService
{
    /// <summary>An arbitrary constant naming the dispatcher's advisory lock.</summary>
    private const long LockKey = 0x4575_6361_696D_4A6F;

    /// <summary>Channels that wake the dispatcher; grant_ended is sent by the access capability.</summary>
    public static readonly string[] Channels = [JobChanges.Channel, "grant_ended"];

    private volatile bool _grantEnded = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunWhileLeaderAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The job dispatcher lost its connection: {Message}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunWhileLeaderAsync(CancellationToken stoppingToken)
    {
        await using var connection = await OpenAsync(stoppingToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            if (await lockCommand.ExecuteScalarAsync(stoppingToken) is not true)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken);
                return;
            }
        }

        connection.Notification += (_, e) =>
        {
            if (e.Channel != JobChanges.Channel)
            {
                _grantEnded = true;
            }

            wakeup.Signal();
        };
        foreach (var channel in Channels)
        {
            await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        var lastGrantCheck = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var checkGrants = _grantEnded || now - lastGrantCheck >= TimeSpan.FromSeconds(options.GrantCheckSeconds);
            _grantEnded = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<JobCycle>().RunAsync(checkGrants, stoppingToken);
                if (checkGrants)
                {
                    lastGrantCheck = now;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not NpgsqlException)
            {
                logger.LogError(ex, "Job dispatch pass failed: {Message}", ex.Message);
            }

            await WaitAsync(connection, stoppingToken);
        }
    }

    /// <summary>Sleeps until a notification, a watch event or the poll interval, whichever comes first.</summary>
    private async Task WaitAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        // Notifications are only delivered while the connection is read, so read it in short slices while waiting.
        var until = clock.GetUtcNow() + TimeSpan.FromSeconds(options.PollSeconds);
        while (!wakeup.TryTake() && clock.GetUtcNow() < until)
        {
            await connection.WaitAsync(TimeSpan.FromMilliseconds(100), stoppingToken);
        }

        while (wakeup.TryTake())
        {
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connection = new NpgsqlConnection(scope.ServiceProvider.GetRequiredService<EucaimDbContext>().Database.GetConnectionString());
        await connection.OpenAsync(stoppingToken);
        return connection;
    }
}
