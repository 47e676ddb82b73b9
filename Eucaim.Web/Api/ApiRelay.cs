using System.Net.Http.Headers;
using Eucaim.Web.SignIn;
using Microsoft.AspNetCore.Authentication;

namespace Eucaim.Web.Api;

/// <summary>
/// <c>/relay/{api path}</c>: the API reached from the portal's browser scripts (resumable uploads, the
/// series viewer, live logs) with the signed-in person's token added here, so the browser never holds
/// one. Only the paths listed in <see cref="Routes"/> pass; requests that change something must carry
/// <see cref="Header"/>, which a page of another site cannot send without a CORS preflight the portal
/// never answers, and the session cookie is SameSite=Lax besides.
/// </summary>
internal static class ApiRelay
{
    public const string Prefix = "/relay";

    /// <summary>Sent by the portal's scripts with every request that is not a read.</summary>
    public const string Header = "X-Eucaim-Relay";

    /// <summary>API paths (prefixes) the browser may reach, and with which methods. Everything else is 404 here.</summary>
    public static readonly IReadOnlyList<RelayRoute> Routes =
    [
        // tus uploads of a data holder's files (creation, offset, chunks, termination).
        new("api/uploads", ["POST", "HEAD", "PATCH", "DELETE", "GET"]),
        // The ingest an upload became: its progress and report.
        new("api/ingests/", ["GET"]),
        // DICOMweb reads for the series viewer.
        new("dicomweb/", ["GET"]),
        // A job's state, queue position and log (server-sent events with follow=true).
        new("api/jobs/", ["GET"]),
    ];

    private static readonly HashSet<string> RequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Range", "If-Match", "If-None-Match", "Last-Event-ID", "Idempotency-Key",
        "Tus-Resumable", "Upload-Length", "Upload-Offset", "Upload-Metadata", "Upload-Defer-Length", "Upload-Concat", "Upload-Checksum",
    };

    // Hop-by-hop headers, and those the portal sets itself.
    private static readonly HashSet<string> DroppedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Authenticate", "Trailer", "Set-Cookie",
        "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Strict-Transport-Security",
    };

    public static void MapApiRelay(this WebApplication app) =>
        app.Map($"{Prefix}/{{**path}}", RelayAsync).RequireAuthorization().DisableAntiforgery();

    private static async Task RelayAsync(HttpContext http, string? path, IHttpClientFactory clients)
    {
        // The API's answers are the caller's to read, not the portal's pages to replace.
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        var method = http.Request.Method;
        var target = path ?? "";
        if (!Routes.Any(r => target.StartsWith(r.PathPrefix, StringComparison.Ordinal) && r.Methods.Contains(method, StringComparer.Ordinal)))
        {
            await TypedResults.Problem(
                title: "Not reachable through the portal.",
                detail: $"{method} /{target} is not one of the API paths the portal's relay passes.",
                statusCode: StatusCodes.Status404NotFound).ExecuteAsync(http);
            return;
        }

        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !http.Request.Headers.ContainsKey(Header))
        {
            await TypedResults.Problem(
                title: "Missing relay header.",
                detail: $"Requests through {Prefix} that change something must carry the {Header} header (the portal's scripts send it).",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), target + http.Request.QueryString);
        foreach (var (name, values) in http.Request.Headers)
        {
            if (RequestHeaders.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(http.Request.Body);
            if (http.Request.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            if (http.Request.ContentLength is { } length)
            {
                request.Content.Headers.ContentLength = length;
            }
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await http.GetTokenAsync(SessionTokens.AccessToken));

        var api = clients.CreateClient(nameof(ApiRelay));
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (DroppedResponseHeaders.Contains(name))
            {
                continue;
            }

            // The API's own addresses (a tus upload's Location, a bulk data URI) are reached through the relay too.
            http.Response.Headers[name] = name.Equals("Location", StringComparison.OrdinalIgnoreCase)
                ? values.Select(Relayed).ToArray()
                : values.ToArray();
        }

        // Server-sent events are written as they come: no buffering between the API and the browser.
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    private static string Relayed(string location)
    {
        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : location;
        return $"{Prefix}/{path.TrimStart('/')}";
    }
}

/// <summary>An API path prefix the relay passes, and the methods it passes for it.</summary>
internal sealed record RelayRoute(string PathPrefix, IReadOnlyList<string> Methods);
