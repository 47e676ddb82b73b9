using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Eucaim.Api.Platform;
using Eucaim.Platform.Tests.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eucaim.Platform.Tests.Platform;

/// <summary>The headers of every Api answer: anonymous, signed-in, errors, probes, the reference page.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class SecurityHeadersTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_no_server_name()
    {
        using var anonymous = fixture.Platform.CreateApiClient();
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");

        var answers = new (string What, HttpResponseMessage Response, HttpStatusCode Expected)[]
        {
            ("public catalogue", await anonymous.GetAsync("/api/datasets"), HttpStatusCode.OK),
            ("health", await anonymous.GetAsync("/health"), HttpStatusCode.OK),
            ("unknown route", await anonymous.GetAsync("/api/no-such-resource"), HttpStatusCode.NotFound),
            ("sign-in needed", await anonymous.GetAsync("/api/me"), HttpStatusCode.Unauthorized),
            ("signed in", await alba.GetAsync("/api/me"), HttpStatusCode.OK),
            ("hidden export links", await alba.GetAsync($"/api/exports/{Guid.NewGuid()}/links"), HttpStatusCode.NotFound),
            ("wrong method", await alba.DeleteAsync("/api/status"), HttpStatusCode.MethodNotAllowed),
        };

        foreach (var (what, response, expected) in answers)
        {
            Assert.True(expected == response.StatusCode, $"{what}: {(int)response.StatusCode}");
            Assert.True(response.Headers.Server.Count == 0, $"{what} names the server: {response.Headers.Server}");
            Assert.Equal(("nosniff", "DENY", "no-referrer", SecurityHeaders.ApiContentSecurityPolicy),
                (Header(response, "X-Content-Type-Options"), Header(response, "X-Frame-Options"), Header(response, "Referrer-Policy"), Header(response, "Content-Security-Policy")));
            // Plain HTTP here: HSTS only goes out over HTTPS (below).
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), what);
        }
    }

    [Fact]
    public async Task Answers_to_signed_in_callers_and_protected_endpoints_are_never_stored_while_public_reads_are_left_alone()
    {
        using var anonymous = fixture.Platform.CreateApiClient();
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");

        // Export links carry SAS URLs: not even a hidden 404 from that endpoint may be kept by a cache.
        foreach (var response in new[]
        {
            await alba.GetAsync("/api/me"),
            await alba.GetAsync("/api/datasets"),
            await alba.GetAsync($"/api/exports/{Guid.NewGuid()}/links"),
            await anonymous.GetAsync($"/api/exports/{Guid.NewGuid()}/links"),
            await anonymous.GetAsync("/api/me"),
        })
        {
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage!.RequestUri} ({(int)response.StatusCode}) has Cache-Control '{response.Headers.CacheControl}'");
        }

        var publicRead = await anonymous.GetAsync("/api/datasets");
        Assert.Null(publicRead.Headers.CacheControl);
    }

    [Fact]
    public async Task The_reference_page_runs_only_its_own_nonced_scripts_and_loads_nothing_from_elsewhere()
    {
        using var anonymous = fixture.Platform.CreateApiClient();

        var page = await anonymous.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = Header(page, "Content-Security-Policy");
        var nonce = NoncePolicy().Match(policy!).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Equal(SecurityHeaders.DocsContentSecurityPolicy(nonce), policy);
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", string.Concat(scripts), StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
        Assert.NotEqual(nonce, NoncePolicy().Match(Header(await anonymous.GetAsync("/docs"), "Content-Security-Policy")!).Groups[1].Value);
    }

    [Fact]
    public async Task Over_https_the_answer_asks_browsers_to_keep_to_https()
    {
        using var certificate = SelfSigned();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = Path.GetTempPath() });
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        await using var app = builder.Build();
        app.UseEucaimSecurityHeaders();
        app.MapGet("/probe", () => "ok");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == certificate.GetCertHashString() } };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };

        var response = await client.GetAsync("/probe");

        Assert.Equal(SecurityHeaders.StrictTransportSecurity, Header(response, "Strict-Transport-Security"));
        Assert.Empty(response.Headers.Server);
        await app.StopAsync();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs the key in a form the platform's TLS stack can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NoncePolicy();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
