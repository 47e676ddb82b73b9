using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Platform.Tests;

/// <summary>The whole AppHost started for a test, with all of its state under one folder.</summary>
public sealed class PlatformRun : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Services = ["api", "workers", "web"];

    private PlatformRun(DistributedApplication app, string stateDirectory)
    {
        App = app;
        StateDirectory = stateDirectory;
    }

    public DistributedApplication App { get; }

    /// <summary>The run's local state (<c>Eucaim:StateDirectory</c>): database, blobs, the dev provider's keys.</summary>
    public string StateDirectory { get; }

    public static async Task<PlatformRun> StartAsync(string stateDirectory, params string[] arguments)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Eucaim_AppHost>(
            // Refusals are folded into the audit chain once their window has closed: 15 s instead of a minute to wait for.
            [$"--Eucaim:StateDirectory={stateDirectory}", "--Eucaim:TestClock=true", "--Eucaim:Audit:DenialWindow=00:00:15", .. arguments],
            (options, _) => options.DisableDashboard = true);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        var app = await builder.BuildAsync();
        var logs = CaptureResourceLogs(app);
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var resource in Services)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var report = Describe(app, logs);
            await app.DisposeAsync();
            throw new TimeoutException($"The platform did not become healthy within {StartTimeout}.\n{report}");
        }

        return new PlatformRun(app, stateDirectory);
    }

    public HttpClient CreateApiClient() => App.CreateHttpClient("api", "http");

    public async Task<string> ConnectionStringAsync(string name) =>
        await App.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"No connection string '{name}'.");

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public static void DeleteState(string stateDirectory)
    {
        try
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still exiting may hold a file; the folder is in /tmp and harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Keeps every resource's console output, so a start that fails says why.</summary>
    private static ConcurrentDictionary<string, ConcurrentQueue<string>> CaptureResourceLogs(DistributedApplication app)
    {
        var logs = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources)
        {
            var lines = logs.GetOrAdd(resource.Name, _ => new ConcurrentQueue<string>());
            _ = Task.Run(async () =>
            {
                await foreach (var batch in loggers.WatchAsync(resource.Name))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                        while (lines.Count > 30 && lines.TryDequeue(out _))
                        {
                        }
                    }
                }
            });
        }

        return logs;
    }

    private static string Describe(DistributedApplication app, ConcurrentDictionary<string, ConcurrentQueue<string>> logs)
    {
        var report = new StringBuilder();
        foreach (var (name, lines) in logs.OrderBy(l => l.Key))
        {
            var state = app.ResourceNotifications.TryGetCurrentState(name, out var current)
                ? $"{current.Snapshot.State?.Text} health={current.Snapshot.HealthStatus}"
                : "unknown";
            report.AppendLine($"--- {name}: {state}");
            foreach (var line in lines)
            {
                report.AppendLine(line);
            }
        }

        return report.ToString();
    }
}
