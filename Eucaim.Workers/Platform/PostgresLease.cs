using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Eucaim.Workers.Platform;

/// <summary>
/// A lease as a PostgreSQL session-level advisory lock, held on a connection of its own (not pooled:
/// closing it must end the session). The lock lives exactly as long as the session: a replica that
/// dies or loses its connection releases it at once, so another takes over within one
/// <see cref="LeaseOptions.RetryInterval"/>. The holder checks its session every interval and ends
/// its tenure when the check fails. The session's <c>application_name</c> names the lease and the
/// holder, so <c>pg_stat_activity</c> joined with <c>pg_locks</c> shows who holds what.
/// </summary>
public sealed partial class PostgresLease : Lease
{
    /// <summary>Prefix of the <c>application_name</c> of lease sessions: <c>eucaim-lease &lt;name&gt; &lt;holder&gt;</c>.</summary>
    public const string ApplicationNamePrefix = "eucaim-lease";

    private readonly string _connectionString;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PostgresLease(string name, string holder, string connectionString, LeaseOptions options, TimeProvider time, ILogger logger)
        : base(name, holder)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(options.RetryInterval.TotalSeconds * 2));
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = $"{ApplicationNamePrefix} {name} {holder}",
            Timeout = Math.Max(seconds, 5),
            CommandTimeout = Math.Max(seconds, 5),
            KeepAlive = Math.Max(1, (int)options.RetryInterval.TotalSeconds),
        }.ConnectionString;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The advisory lock key of a lease name: the first 8 bytes of its SHA-256, the same in every replica.</summary>
    public static long KeyOf(string name) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{ApplicationNamePrefix}:{name}")));

    public override async Task HoldAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var connection = new NpgsqlConnection(_connectionString);
            try
            {
                await connection.OpenAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (IsHeld)
                    {
                        // Still our session, so still our lock: a broken connection throws here.
                        await using var check = new NpgsqlCommand("SELECT 1", connection);
                        await check.ExecuteScalarAsync(stoppingToken);
                    }
                    else if (await TryLockAsync(connection, stoppingToken))
                    {
                        LogAcquired(_logger, Name, Holder);
                        BeginTenure();
                    }

                    await Task.Delay(_options.RetryInterval, _time, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (IsHeld)
                {
                    LogLost(_logger, ex, Name, ex.Message);
                }

                EndTenure();
                await Task.Delay(_options.RetryInterval, _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the lock goes with the session, below.
            }
            finally
            {
                // The work stops first, then closing the session releases the lock.
                EndTenure();
                await connection.DisposeAsync();
            }
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", KeyOf(Name));
        return await command.ExecuteScalarAsync(stoppingToken) is true;
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Lease {Lease} acquired by {Holder} (PostgreSQL advisory lock).")]
    private static partial void LogAcquired(ILogger logger, string lease, string holder);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Lease {Lease} lost: its database session failed ({Message}).")]
    private static partial void LogLost(ILogger logger, Exception exception, string lease, string message);
}
