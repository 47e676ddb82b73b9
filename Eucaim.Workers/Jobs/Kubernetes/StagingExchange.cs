using System.Net;
using System.Net.Http.Json;
using Eucaim.Core.Contracts;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// A pod helper's side of the token exchange: POSTs the job's token (read from its Secret file at each
/// try) to the platform and gets <see cref="StagingLinks"/>. Retries with back-off for a few minutes
/// when the platform does not answer, or answers 401/409 — the token file is refreshed by the kubelet
/// after a relaunch, and a plan is rewritten while a job is launched again — then gives up with the
/// platform's reason.
/// </summary>
public sealed class StagingExchange(HttpClient http, Uri endpoint, string tokenFile, TimeSpan patience)
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(5);

    public async Task<StagingLinks> ExchangeAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        var giveUpAt = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
                request.Headers.Add(StagingLinks.TokenHeader, (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim());
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<StagingLinks>(StagingLinks.Json, cancellationToken)
                        ?? throw new InvalidDataException("The platform answered with no staging links.");
                }

                failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests) && (int)response.StatusCode < 500)
                {
                    throw new IOException($"the platform refused the job token: {failure}");
                }
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"timed out: {ex.Message}";
            }

            if (DateTimeOffset.UtcNow + delay > giveUpAt)
            {
                throw new IOException($"could not exchange the job token at {endpoint}: {failure}");
            }

            await Console.Error.WriteLineAsync($"eucaim: token exchange at {endpoint} failed ({failure}); retrying in {delay.TotalSeconds:0} s");
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }
}
