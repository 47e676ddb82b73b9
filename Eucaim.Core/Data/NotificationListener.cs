using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Eucaim.Core.Data;

/// <summary>
/// Holds one PostgreSQL connection that LISTENs on a channel for as long as a service runs, and
/// opens it again after a pause when it breaks. Notifications only speed things up: every user of
/// this also polls, so a lost notification (or a broken connection) delays work, never loses it.
/// </summary>
public static class NotificationListener
{
    public static Task ListenAsync(
        IServiceScopeFactory scopes, string channel, Action<NpgsqlNotificationEventArgs> onNotification,
        TimeSpan retryAfter, ILogger logger, CancellationToken stoppingToken) =>
        ListenAsync(scopes, [channel], onNotification, retryAfter, logger, stoppingToken);

    /// <summary>LISTENs on every one of <paramref name="channels"/> over the one connection; <see cref="NpgsqlNotificationEventArgs.Channel"/> says which.</summary>
    public static async Task ListenAsync(
        IServiceScopeFactory scopes, IReadOnlyList<string> channels, Action<NpgsqlNotificationEventArgs> onNotification,
        TimeSpan retryAfter, ILogger logger, CancellationToken stoppingToken)
    {
        var channel = string.Join(", ", channels);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var connectionString = scope.ServiceProvider.GetRequiredService<EucaimDbContext>().Database.GetConnectionString();
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => onNotification(e);
                await using (var listen = new NpgsqlCommand(string.Concat(channels.Select(c => $"LISTEN {c};")), connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Listening on {Channel} failed: {Message}", channel, ex.Message);
                await Task.Delay(retryAfter, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
