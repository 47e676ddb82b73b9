using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;
using Scalar.AspNetCore;

namespace Eucaim.Api.Platform;

/// <summary>
/// The headers every answer of the Api carries, errors and probes included. The API answers JSON,
/// never a page to render, so its content policy allows nothing; only the reference page at
/// <c>/docs</c> may run its own scripts (those with the request's nonce), styles and same-origin
/// requests. Answers to signed-in callers, and from endpoints that need a sign-in, are never stored
/// by a cache: they hold personal data, and some (export and staging links) hold credentials.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>For JSON, problem documents, DICOM and logs: nothing may load, nothing may frame it.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>One year: browsers that once reached the platform over HTTPS keep to HTTPS.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>The reference page: its bundle from this origin, inline scripts only with this answer's nonce, no font CDN.</summary>
    public static string DocsContentSecurityPolicy(string nonce) =>
        $"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IApplicationBuilder UseEucaimSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            // Routing has already run (WebApplication routes first), so the endpoint's needs are known here;
            // the exception handler clears the endpoint before it writes its problem, hence the capture now.
            var authenticated = CarriesCredentials(http.Request) || RequiresAuthorization(http.GetEndpoint());
            http.Response.OnStarting(() =>
            {
                Apply(http, authenticated);
                return Task.CompletedTask;
            });
            return next(http);
        });

    private static void Apply(HttpContext http, bool authenticated)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce
            ? DocsContentSecurityPolicy(nonce)
            : ApiContentSecurityPolicy;
        if (http.Request.IsHttps)
        {
            // Browsers ignore it over plain HTTP. Behind the ingress, X-Forwarded-Proto (forwarded headers are on there) makes the request HTTPS.
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }

        // An endpoint that chose its own caching keeps it; no signed-in answer is cacheable by default.
        if ((authenticated || http.User.Identity?.IsAuthenticated == true) && !headers.ContainsKey(HeaderNames.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
    }

    private static bool CarriesCredentials(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderNames.Authorization) || request.Headers.ContainsKey(HeaderNames.Cookie);

    private static bool RequiresAuthorization(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
}
