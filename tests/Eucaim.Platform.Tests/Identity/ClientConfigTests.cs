using System.Net;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Identity;

/// <summary><c>GET /api/client-config</c>: how a native client signs in, answered to anyone.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ClientConfigTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Client_config_answers_anonymously_with_the_provider_the_native_client_and_its_scopes()
    {
        using var api = fixture.Platform.CreateApiClient();

        var response = await api.GetAsync("/api/client-config");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var issuer = fixture.Platform.LsLogin().Issuer;
        Assert.Equal(issuer, config.GetProperty("issuer").GetString()!.TrimEnd('/'));
        Assert.Equal(issuer, config.GetProperty("authority").GetString()!.TrimEnd('/'));
        Assert.Equal("eucaim-cli", config.GetProperty("clientId").GetString());
        Assert.Equal("urn:eucaim:api", config.GetProperty("audience").GetString());
        var scopes = config.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("openid", scopes);
        Assert.Contains("offline_access", scopes);

        // The provider it names really has that client, with the device grant.
        using var http = new HttpClient();
        var device = await http.PostAsync($"{issuer}/device/auth", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = config.GetProperty("clientId").GetString()!,
            ["scope"] = string.Join(' ', scopes),
        }));
        Assert.Equal(HttpStatusCode.OK, device.StatusCode);
    }
}
