using System.Diagnostics;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Audit trail throughput: in a database of its own, appends entries through IAuditTrail (advisory
// lock, head read, insert, commit; one transaction each) with 1, 4 and 16 concurrent writers, then
// verifies the whole chain. Prints appends/s, append latency percentiles and verification speed.
// usage: dotnet run -c Release --project bench/Eucaim.Audit.Benchmarks -- --connection "Host=…;Port=…;Username=postgres;Password=…" [--entries 4000]
string? server = Environment.GetEnvironmentVariable("EUCAIM_BENCH_CONNECTION");
var entries = 4000;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--connection" when i + 1 < args.Length:
            server = args[++i];
            break;
        case "--entries" when i + 1 < args.Length:
            entries = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"audit bench: unknown argument {args[i]}");
            return 2;
    }
}

if (server is null)
{
    Console.Error.WriteLine("audit bench: pass --connection \"Host=…;Port=…;Username=postgres;Password=…\" (a superuser: it creates its own database)");
    return 2;
}

const string Database = "eucaim_audit_bench";
await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString))
{
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", admin);
    await drop.ExecuteNonQueryAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", admin);
    await create.ExecuteNonQueryAsync();
}

var target = new NpgsqlConnectionStringBuilder(server) { Database = Database, MaxPoolSize = 64 }.ConnectionString;
DbContextOptions<EucaimDbContext> contextOptions = new DbContextOptionsBuilder<EucaimDbContext>().UseNpgsql(target).UseSnakeCaseNamingConvention().Options;
await using (var db = new EucaimDbContext(contextOptions))
{
    await db.Database.MigrateAsync();
}

var services = new ServiceCollection()
    .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(
        new Dictionary<string, string?> { [$"ConnectionStrings:{EucaimDatabase.ConnectionName}"] = target }).Build())
    .AddSingleton(TimeProvider.System)
    .AddEucaimAuditCore()
    .BuildServiceProvider();
var audit = services.GetRequiredService<IAuditTrail>();

Console.WriteLine($"Audit trail bench: {entries} appends per round, PostgreSQL {new NpgsqlConnectionStringBuilder(server).Host}:{new NpgsqlConnectionStringBuilder(server).Port}, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"writers",8} {"appends/s",10} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var writers in new[] { 1, 4, 16 })
{
    var latencies = new double[entries];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        int index;
        while ((index = Interlocked.Increment(ref next)) < entries)
        {
            var started = Stopwatch.GetTimestamp();
            await audit.RecordAsync(new AuditEntry(AuditActions.DatasetMounted, $"system:bench-{w}")
            {
                TenantSlug = "tenant-bench",
                DatasetId = Guid.NewGuid(),
                TargetType = "job",
                TargetId = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Details = new Dictionary<string, string?> { ["mount"] = "/data/in", ["readOnly"] = "true" },
            }, CancellationToken.None);
            latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    })));
    clock.Stop();
    Array.Sort(latencies);
    Console.WriteLine($"{writers,8} {entries / clock.Elapsed.TotalSeconds,10:0} {latencies[entries / 2],8:0.00} {latencies[(int)(entries * 0.99)],8:0.00} {latencies[^1],8:0.00}");
}

await using (var db = new EucaimDbContext(contextOptions))
{
    var clock = Stopwatch.StartNew();
    var verification = await new AuditVerifier(db).VerifyAsync(CancellationToken.None);
    clock.Stop();
    Console.WriteLine($"verify: {verification.Checked} entries in {clock.Elapsed.TotalMilliseconds:0} ms ({verification.Checked / clock.Elapsed.TotalSeconds:0} entries/s), intact: {verification.Intact}");
    if (!verification.Intact)
    {
        Console.Error.WriteLine($"audit bench: the chain broke at {verification.FirstBroken}");
        return 1;
    }
}

return 0;
