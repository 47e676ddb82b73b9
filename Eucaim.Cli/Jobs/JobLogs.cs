using System.Net.ServerSentEvents;
using System.Text;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Jobs;

/// <summary>
/// A job's log (<c>GET /api/jobs/{id}/logs</c>): as text, or followed live as server-sent events
/// (one <c>log</c> event per chunk, an <c>end</c> event with the final status) and then completed
/// from the archived log, which adds the platform's closing lines. A dropped stream is resumed with
/// <c>Last-Event-ID</c>, so no chunk is printed twice or lost.
/// </summary>
internal sealed class JobLogs(CliContext context, Guid job)
{
    private const int MaxReconnects = 5;

    private string Path => $"api/jobs/{job}/logs";

    /// <summary>The log as it is now: archived once the job has ended, else what it has printed so far.</summary>
    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var token = await context.Session.AccessTokenAsync(cancellationToken);
        using var response = await context.Api.OpenAsync(Path, token, "text/plain", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Writes the log to <paramref name="output"/> as it arrives until the job has ended; returns the end event (status and reason).</summary>
    public async Task<string> FollowAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var streamed = new StringBuilder();
        string? lastEventId = null;
        var reconnects = 0;
        while (true)
        {
            string? broken = null;
            try
            {
                // Asked again on each connection: a long job outlives an access token.
                var token = await context.Session.AccessTokenAsync(cancellationToken);
                using var response = await context.Api.OpenAsync($"{Path}?follow=true", token, "text/event-stream", cancellationToken,
                    headers => { if (lastEventId is not null) headers.Add("Last-Event-ID", lastEventId); });
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
                {
                    if (item.EventType == "end")
                    {
                        await PrintArchivedRestAsync(output, streamed.ToString(), cancellationToken);
                        return item.Data;
                    }

                    if (item.EventType == "log")
                    {
                        await output.WriteAsync(item.Data);
                        await output.FlushAsync(cancellationToken);
                        streamed.Append(item.Data);
                        lastEventId = item.EventId;
                        reconnects = 0;
                    }
                }

                // The server closed the stream without an end event (a restart, a proxy's timeout): resume.
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or CliException { ExitCode: ExitCodes.Failure })
            {
                broken = e.Message;
            }

            if (++reconnects > MaxReconnects)
            {
                throw new CliException(ExitCodes.Failure, broken is null
                    ? $"the log stream of job {job} kept ending before the job did"
                    : $"the log stream of job {job} kept breaking ({broken})");
            }

            await Task.Delay(TimeSpan.FromSeconds(reconnects), context.Host.Time, cancellationToken);
        }
    }

    /// <summary>The archive is the streamed chunks plus the platform's closing lines ("[eucaim] job Succeeded"); print what was not streamed.</summary>
    private async Task PrintArchivedRestAsync(TextWriter output, string streamed, CancellationToken cancellationToken)
    {
        var archived = await ReadAsync(cancellationToken);
        if (archived.StartsWith(streamed, StringComparison.Ordinal) && archived.Length > streamed.Length)
        {
            await output.WriteAsync(archived[streamed.Length..]);
            await output.FlushAsync(cancellationToken);
        }
    }
}
