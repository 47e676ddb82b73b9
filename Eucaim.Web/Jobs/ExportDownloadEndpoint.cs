using System.Security.Cryptography;
using Eucaim.Web.Api;

namespace Eucaim.Web.Jobs;

/// <summary>
/// <c>/exports/{id}/download/{path}</c>: an approved export's file, streamed through the portal. The
/// portal asks the API for the short-lived link with the person's token (the API checks they are a
/// member and audits the download), then reads the link itself, so the browser never holds a storage
/// address or a token. When storage keeps the file's MD5 the stream is checked against it, and a
/// mismatch aborts the answer: the browser reports a failed download rather than keeping a wrong file.
/// </summary>
internal static class ExportDownloadEndpoint
{
    public const string StorageClient = "export-download";

    public static void MapExportDownload(this WebApplication app) =>
        app.MapGet("/exports/{id:guid}/download/{**path}", DownloadAsync).RequireAuthorization();

    private static async Task DownloadAsync(Guid id, string? path, HttpContext http, SignedInApi api, IHttpClientFactory clients, ILoggerFactory logs)
    {
        var file = Uri.UnescapeDataString(path ?? "");
        var links = await api.GetAsync<List<ExportLinkView>>($"api/exports/{id}/links", http.RequestAborted);
        if (links.Value is null)
        {
            var problem = links.Problem!;
            await TypedResults.Problem(title: problem.Title, detail: problem.Detail, statusCode: problem.Status ?? StatusCodes.Status404NotFound).ExecuteAsync(http);
            return;
        }

        if (links.Value.FirstOrDefault(l => l.Path == file) is not { } link)
        {
            await TypedResults.Problem(title: "Not found.", detail: $"Export {id} has no file '{file}'.", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(http);
            return;
        }

        // A client without the person's token: the link carries its own short-lived permission.
        using var response = await clients.CreateClient(StorageClient).GetAsync(link.Url, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            await TypedResults.Problem(title: "The file could not be read.", detail: $"Storage answered {(int)response.StatusCode} for {file}.", statusCode: StatusCodes.Status502BadGateway)
                .ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = response.Content.Headers.ContentLength;
        http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = Path.GetFileName(file) }.ToString();
        var expected = response.Content.Headers.ContentMD5;
        using var md5 = MD5.Create();
        await using var source = await response.Content.ReadAsStreamAsync(http.RequestAborted);
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            md5.TransformBlock(buffer, 0, read, null, 0);
            await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
        }

        md5.TransformFinalBlock([], 0, 0);
        if (expected is { Length: > 0 } && !md5.Hash!.AsSpan().SequenceEqual(expected))
        {
            logs.CreateLogger(typeof(ExportDownloadEndpoint)).LogError("Export {Export} file {File}: the bytes read do not match storage's MD5; download aborted.", id, file);
            http.Abort();
        }
    }
}
