using System.Collections.Concurrent;
using Eucaim.Core.Access;
using Eucaim.Core.Contracts;
using Npgsql;

namespace Eucaim.Platform.Tests.Access;

/// <summary>LISTENs on <c>grant_ended</c> as the services' own database role, the way the jobs dispatcher does.</summary>
internal sealed class GrantEndedListener : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private GrantEndedListener(NpgsqlConnection connection)
    {
        _connection = connection;
        _connection.Notification += (_, e) => Seen(e.Payload).TrySetResult();
        _loop = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await _connection.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static async Task<GrantEndedListener> StartAsync(PlatformRun platform)
    {
        var connection = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim-service"));
        await connection.OpenAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {NotificationChannels.GrantEnded}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        return new GrantEndedListener(connection);
    }

    /// <summary>Completes when a notification for the grant arrived (or had already arrived).</summary>
    public async Task WaitForAsync(Guid grant, TimeSpan timeout)
    {
        var seen = Seen(grant.ToString("D")).Task;
        var finished = await Task.WhenAny(seen, Task.Delay(timeout));
        Assert.True(finished == seen, $"No NOTIFY {NotificationChannels.GrantEnded} '{grant}' within {timeout}.");
    }

    public bool HasSeen(Guid grant) => _seen.TryGetValue(grant.ToString("D"), out var tcs) && tcs.Task.IsCompleted;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        finally
        {
            await _connection.DisposeAsync();
            _stop.Dispose();
        }
    }

    private TaskCompletionSource Seen(string payload) =>
        _seen.GetOrAdd(payload, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
