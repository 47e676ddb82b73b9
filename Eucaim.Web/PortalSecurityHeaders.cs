namespace Eucaim.Web;

internal static class PortalSecurityHeaders
{
    /// <summary>
    /// The portal's pages are its own HTML, style sheet and bundled scripts, never inline script: a policy
    /// that allows nothing else means an injected script or a framing page has nothing to work with.
    /// Scripts reach only the portal (its relay to the API). Forms may lead to the portal and, for signing
    /// out, to the sign-in provider (a form's redirect counts as its target).
    /// </summary>
    public static string ContentSecurityPolicy(string signInProviderOrigin) =>
        $"default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self' {signInProviderOrigin}; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app, string signInProviderOrigin)
    {
        var policy = ContentSecurityPolicy(signInProviderOrigin);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = policy;
                return Task.CompletedTask;
            });
            return next(http);
        });
    }
}
