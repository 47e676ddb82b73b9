using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Access;

/// <summary>
/// The Host header a caller sends names nothing the platform signs or links: visas (<c>iss</c>,
/// <c>jku</c>, <c>source</c>, <c>value</c>) and DCAT-AP ids name the configured public URL (the
/// AppHost sets the Api's own endpoint), and a Host that is no name of the platform is refused.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicUrlTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Visas_name_the_configured_public_url_whatever_Host_the_request_sends()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var rita = await scenario.UserAsync("rita");
        var dataset = await scenario.PublishAsync("Public URL cohort");
        await scenario.GrantedAsync("tenant-a", 30, dataset);
        var configured = rita.BaseAddress!.GetLeftPart(UriPartial.Authority);

        // 127.0.0.1 reaches the same Api (and is an allowed host locally) but is not its public name.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ga4gh/passport");
        request.Headers.Host = $"127.0.0.1:{rita.BaseAddress.Port}";
        var passport = await ReadAsync(await rita.SendAsync(request), HttpStatusCode.OK);

        var visas = passport.GetProperty("ga4gh_passport_v1").EnumerateArray().Select(v => new JsonWebToken(v.GetString())).ToList();
        Assert.NotEmpty(visas);
        foreach (var visa in visas)
        {
            Assert.Equal(configured, visa.Issuer);
            Assert.Equal($"{configured}/.well-known/jwks.json", visa.GetHeaderValue<string>("jku"));
            var claim = JsonDocument.Parse(visa.GetPayloadValue<JsonElement>("ga4gh_visa_v1").GetRawText()).RootElement;
            Assert.Equal(configured, claim.GetProperty("source").GetString());
            Assert.StartsWith($"{configured}/api/datasets/", claim.GetProperty("value").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", visa.EncodedToken.Split('.')[0] + visa.EncodedPayload, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dcat_ids_name_the_configured_public_url_whatever_Host_the_request_sends()
    {
        using var anonymous = fixture.Platform.CreateApiClient();
        var configured = anonymous.BaseAddress!.GetLeftPart(UriPartial.Authority);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogue");
        request.Headers.Host = $"127.0.0.1:{anonymous.BaseAddress.Port}";

        var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var catalogue = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"{configured}/api/catalogue", catalogue.GetProperty("@id").GetString());
        var datasets = catalogue.GetProperty("dcat:dataset").EnumerateArray().ToList();
        Assert.NotEmpty(datasets);
        Assert.All(datasets, d => Assert.StartsWith($"{configured}/api/datasets/", d.GetProperty("@id").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/ga4gh/passport")]
    [InlineData("/api/catalogue")]
    [InlineData("/api/status")]
    public async Task A_Host_that_is_no_name_of_the_platform_is_refused(string path)
    {
        using var rita = await fixture.Platform.CreateApiClientForAsync("rita");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";

        var response = await rita.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
