using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>
/// The tus 1.0 client of the platform's <c>/api/uploads</c> (creation, HEAD, PATCH, termination) and
/// the upload's JSON (its SHA-256 once complete). Bodies are streamed, never buffered, and requests
/// have no overall timeout: a chunk takes as long as the network needs.
/// </summary>
internal sealed class TusClient : IDisposable
{
    private const string Resumable = "1.0.0";

    private readonly TransferHttp _http;

    public TusClient(Uri platform, Func<CancellationToken, Task<string>> token) => _http = new TransferHttp(platform, token);

    public async Task<string> CreateAsync(Guid dataset, Guid ingest, string fileName, long length, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Post, "api/uploads", cancellationToken);
        request.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Upload-Metadata", $"dataset {B64(dataset.ToString())},filename {B64(fileName)},ingest {B64(ingest.ToString())}");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await SendAsync(request, cancellationToken);
        await EnsureAsync(response, "creating the upload", cancellationToken);
        return response.Headers.Location?.OriginalString ?? throw new CliException(ExitCodes.Failure, "the platform created the upload but gave no Location");
    }

    /// <summary>The offset the server has, or null when the upload is gone (expired or removed).</summary>
    public async Task<long?> OffsetAsync(string location, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Head, location, cancellationToken);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }

        await EnsureAsync(response, "asking for the upload's offset", cancellationToken);
        return OffsetOf(response);
    }

    /// <summary>Sends <paramref name="length"/> bytes of <paramref name="body"/> at <paramref name="offset"/>; returns the server's new offset.</summary>
    public async Task<long> PatchAsync(string location, long offset, Stream body, long length, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Patch, location, cancellationToken);
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Content = new StreamContent(body, 1024 * 1024);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content.Headers.ContentLength = length;
        using var response = await SendAsync(request, cancellationToken);
        await EnsureAsync(response, "sending bytes", cancellationToken);
        return OffsetOf(response);
    }

    /// <summary>The SHA-256 the server computed of the whole upload, once it is complete.</summary>
    public async Task<string?> Sha256Async(string location, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, location, cancellationToken);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await SendAsync(request, cancellationToken);
        await EnsureAsync(response, "reading the upload", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString() : null;
    }

    public async Task DeleteAsync(string location, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Delete, location, cancellationToken);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Gone))
        {
            await EnsureAsync(response, "removing the upload", cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static long OffsetOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Upload-Offset", out var values) && long.TryParse(values.FirstOrDefault(), out var offset)
            ? offset
            : throw new TransientUploadException("the platform's answer had no Upload-Offset");

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var request = await _http.RequestAsync(method, path, cancellationToken);
        request.Headers.Add("Tus-Resumable", Resumable);
        return request;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => _http.SendAsync(request, cancellationToken);

    private static Task EnsureAsync(HttpResponseMessage response, string doing, CancellationToken cancellationToken) =>
        TransferHttp.EnsureAsync(response, doing, cancellationToken);
}
