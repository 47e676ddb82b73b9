using System.Net.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Eucaim.Web.Platform;

/// <summary>
/// The platform's health as its services report it: the Api's <c>/health?verbose</c> (anonymous, the
/// same document probes and operators read) and the portal's own checks, run in process.
/// </summary>
public sealed class PlatformHealth(HttpClient http, HealthCheckService portalChecks)
{
    /// <summary>
    /// The Api's report. An unhealthy Api answers 503 with the same document, which is what the page
    /// must show; only an Api that does not answer at all is reported as such.
    /// </summary>
    public async Task<HealthView> ApiAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("health?verbose", cancellationToken);
            var report = response.Content.Headers.ContentType?.MediaType == "application/json"
                ? await response.Content.ReadFromJsonAsync<HealthReportDocument>(cancellationToken)
                : null;
            if (report is null)
            {
                return Unreachable($"/health?verbose answered {(int)response.StatusCode} {response.ReasonPhrase} without a report.");
            }

            return new HealthView(report.Status, [.. report.Checks.Select(c => new HealthCheckView(c.Key, c.Value.Status, c.Value.Description, c.Value.DurationMs))]);
        }
        catch (HttpRequestException e)
        {
            return Unreachable($"The Api did not answer: {e.Message}");
        }
    }

    public async Task<HealthView> PortalAsync(CancellationToken cancellationToken)
    {
        var report = await portalChecks.CheckHealthAsync(cancellationToken);
        return new HealthView(report.Status.ToString(), [.. report.Entries.Select(e =>
            new HealthCheckView(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message, e.Value.Duration.TotalMilliseconds))]);
    }

    private static HealthView Unreachable(string message) => new("Unhealthy", [new HealthCheckView("api", "Unhealthy", message, 0)]);

    private sealed record HealthReportDocument(string Status, Dictionary<string, HealthEntryDocument> Checks);

    private sealed record HealthEntryDocument(string Status, string? Description, double DurationMs);
}

/// <summary>A service's overall state and each of its checks.</summary>
public sealed record HealthView(string Status, IReadOnlyList<HealthCheckView> Checks);

public sealed record HealthCheckView(string Name, string Status, string? Message, double DurationMs);
