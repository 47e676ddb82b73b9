using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Api;

/// <summary>
/// Requests to the platform's API. Every refusal becomes a <see cref="CliException"/> with the
/// problem document as one line: 401 exits <see cref="ExitCodes.SignIn"/>, other 4xx
/// <see cref="ExitCodes.Refused"/>, 5xx and network failures <see cref="ExitCodes.Failure"/>.
/// </summary>
internal sealed class PlatformApi(HttpClient http, Uri platform)
{
    public Uri Platform => platform;

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string relativePath, string? accessToken, CancellationToken cancellationToken,
        HttpContent? content = null, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(platform, relativePath)) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        headers?.Invoke(request.Headers);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            throw Refusal(response, body);
        }

        JsonElement? json = null;
        if (body.Length > 0)
        {
            try
            {
                json = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new CliException(ExitCodes.Failure, $"{method} {relativePath}: the platform answered {status} with something that is not JSON");
            }
        }

        return new ApiAnswer(status, json, response.Headers.ETag?.Tag, response.Headers.Location);
    }

    /// <summary>
    /// A GET whose answer is read as it arrives (a log, a stream of server-sent events): the caller
    /// owns the response, and only the headers are awaited, so a long stream is not cut by the client's timeout.
    /// </summary>
    public async Task<HttpResponseMessage> OpenAsync(string relativePath, string? accessToken, string accept, CancellationToken cancellationToken,
        Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(platform, relativePath));
        request.Headers.Accept.ParseAdd(accept);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        headers?.Invoke(request.Headers);
        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw Refusal(response, await response.Content.ReadAsStringAsync(cancellationToken));
            }
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Failure, $"cannot reach {platform.AbsoluteUri.TrimEnd('/')}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Failure, $"{platform.AbsoluteUri.TrimEnd('/')} did not answer in time");
        }
    }

    private static CliException Refusal(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var line = ProblemLine.Format(status, response.ReasonPhrase, body);
        JsonElement? problem = null;
        try
        {
            problem = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        return response.StatusCode == HttpStatusCode.Unauthorized
            ? new CliException(ExitCodes.SignIn, $"{line}; sign in again with `eucaim login`") { Problem = problem, HttpStatus = status }
            : new CliException(status is >= 400 and < 500 ? ExitCodes.Refused : ExitCodes.Failure, line) { Problem = problem, HttpStatus = status };
    }

    public async Task<JsonElement> GetJsonAsync(string relativePath, string? accessToken, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, relativePath, accessToken, cancellationToken)).Json
            ?? throw new CliException(ExitCodes.Failure, $"GET {relativePath}: the platform answered with an empty body");
}

internal sealed record ApiAnswer(int Status, JsonElement? Json, string? ETag, Uri? Location);
