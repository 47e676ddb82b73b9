using System.Net.Http.Headers;
using System.Reflection;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>A failure worth trying again: the network dropped, the server answered 5xx, 409 (offset moved), 423 (another PATCH holds the upload) or 429.</summary>
internal sealed class TransientUploadException(string message) : Exception(message);

/// <summary>
/// The HTTP of long transfers (tus parts, STOW-RS batches): no overall timeout, since a body takes
/// as long as the network needs; a fresh access token on every request, since a transfer outlives
/// one; failures the network or a busy server caused told apart from the API's refusals.
/// </summary>
internal sealed class TransferHttp : IDisposable
{
    private static readonly string Version = typeof(TransferHttp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private readonly HttpClient _http;
    private readonly Uri _platform;
    private readonly Func<CancellationToken, Task<string>> _token;

    public TransferHttp(Uri platform, Func<CancellationToken, Task<string>> token)
    {
        _platform = platform;
        _token = token;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"eucaim-cli/{Version}");
    }

    public async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_platform, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _token(cancellationToken));
        return request;
    }

    /// <summary>Sends and returns once the headers are in; a dropped connection is a <see cref="TransientUploadException"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new TransientUploadException($"{request.Method} {request.RequestUri?.AbsolutePath}: {e.Message}");
        }
    }

    /// <summary>
    /// A refusal as the exception the caller acts on: 401 means signing in again, the transient
    /// statuses a retry, any other 4xx gives up. 409 is transient for tus (the offset moved) and a
    /// refusal elsewhere (a dataset with no draft).
    /// </summary>
    public static async Task EnsureAsync(HttpResponseMessage response, string doing, CancellationToken cancellationToken, bool conflictIsTransient = true)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var line = $"{doing}: {ProblemLine.Format(status, response.ReasonPhrase, await response.Content.ReadAsStringAsync(cancellationToken))}";
        throw status switch
        {
            401 => new CliException(ExitCodes.SignIn, $"{line}; sign in again with `eucaim login`"),
            409 when conflictIsTransient => new TransientUploadException(line),
            423 or 429 or >= 500 => new TransientUploadException(line),
            _ => new CliException(ExitCodes.Refused, line),
        };
    }

    public void Dispose() => _http.Dispose();
}
