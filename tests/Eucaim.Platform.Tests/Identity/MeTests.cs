using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// Real sign-ins at the running dev LS Login, every way a client gets a token (authorization code
/// + PKCE like a browser, device flow, client credentials, lean JWTs, opaque tokens), and what
/// <c>/api/me</c> makes of them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MeTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    [Theory]
    [MemberData(nameof(SeededUsers.ExpectedGrants), MemberType = typeof(SeededUsers))]
    public async Task Each_seeded_user_sees_their_roles_organizations_and_tenants(string login, string[] roles, string[] organizations, string[] tenants)
    {
        using var api = await Platform.CreateApiClientForAsync(login);

        var me = await GetMeAsync(api);

        AssertMe(me, login, roles, organizations, tenants);
        Assert.Equal(Platform.LsLogin().Issuer, me.GetProperty("issuer").GetString());
        Assert.Equal(SeededUsers.Get(login).GetProperty("name").GetString(), me.GetProperty("name").GetString());
        Assert.Equal($"{login}@example.org", me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("firstSeenAt").GetDateTimeOffset() <= me.GetProperty("lastSeenAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("rita", new[] { "researcher" }, new string[0], new[] { "tenant-a" })]
    [InlineData("hugo", new[] { "data-holder" }, new[] { "HM Hospitales" }, new string[0])]
    public async Task Entitlements_missing_from_the_access_token_come_from_userinfo(string login, string[] roles, string[] organizations, string[] tenants)
    {
        var token = await Platform.LsLogin().AccessTokenAsync(login, "eucaim-cli-lean");
        Assert.False(Jwt.Part(token, 1).ContainsKey("eduperson_entitlement"), "the lean client's token should not carry entitlements");
        using var api = Platform.CreateApiClientAs(token);

        AssertMe(await GetMeAsync(api), login, roles, organizations, tenants);
    }

    [Fact]
    public async Task Opaque_access_tokens_are_introspected()
    {
        var token = await Platform.LsLogin().AccessTokenAsync("remy", "eucaim-opaque");
        Assert.DoesNotContain('.', token);
        using var api = Platform.CreateApiClientAs(token);

        var me = await GetMeAsync(api);

        AssertMe(me, "remy", ["researcher"], [], ["tenant-a", "tenant-b"]);
        Assert.Equal(Platform.LsLogin().Issuer, me.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task A_revoked_opaque_token_is_refused()
    {
        // A fresh token, revoked before the API sees it (so nothing is cached): introspection says inactive.
        var login = Platform.LsLogin();
        var token = (await login.FreshTokenResponseAsync("rob", "eucaim-opaque")).GetProperty("access_token").GetString()!;
        var discovery = await login.DiscoveryAsync();
        using (var http = new HttpClient())
        {
            var revoked = await http.PostAsync(discovery.GetProperty("revocation_endpoint").GetString(), new FormUrlEncodedContent(
                new Dictionary<string, string> { ["token"] = token, ["client_id"] = "eucaim-opaque" }));
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        using var api = Platform.CreateApiClientAs(token);
        var response = await api.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("not active", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_device_flow_from_the_command_line_gives_a_token_the_api_accepts()
    {
        var token = await Platform.LsLogin().DeviceFlowAsync("kai");
        using var api = Platform.CreateApiClientAs(token.GetProperty("access_token").GetString()!);

        AssertMe(await GetMeAsync(api), "kai", ["access-committee"], [], []);
    }

    [Fact]
    public async Task A_service_account_is_signed_in_without_roles()
    {
        using var api = Platform.CreateApiClientAs(await Platform.LsLogin().ServiceTokenAsync());

        var me = await GetMeAsync(api);

        Assert.Equal("eucaim-service", me.GetProperty("subject").GetString());
        Assert.Empty(me.GetProperty("roles").EnumerateArray());
        Assert.Empty(me.GetProperty("tenants").EnumerateArray());
    }

    [Fact]
    public async Task Users_are_recorded_on_first_sight_and_listed_for_admins()
    {
        using (var clara = await Platform.CreateApiClientForAsync("clara"))
        {
            Assert.Equal(HttpStatusCode.OK, (await clara.GetAsync("/api/me")).StatusCode);
        }

        await using var db = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT name, email, first_seen_at <= last_seen_at, count(*) OVER () FROM users WHERE issuer = @i AND subject = @s", db);
        select.Parameters.AddWithValue("i", Platform.LsLogin().Issuer);
        select.Parameters.AddWithValue("s", SeededUsers.Subject("clara"));
        await using (var row = await select.ExecuteReaderAsync())
        {
            Assert.True(await row.ReadAsync(), "clara has no row in users");
            Assert.Equal("Clara Estévez Puig", row.GetString(0));
            Assert.Equal("clara@example.org", row.GetString(1));
            Assert.True(row.GetBoolean(2));
            Assert.Equal(1L, row.GetInt64(3));
        }

        using var alba = await Platform.CreateApiClientForAsync("alba");
        var users = await alba.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("subject").GetString() == SeededUsers.Subject("clara"));
    }

    [Theory]
    [InlineData("rita")]
    [InlineData("kai")]
    [InlineData("hugo")]
    public async Task A_valid_token_without_the_needed_role_is_forbidden(string login)
    {
        using var api = await Platform.CreateApiClientForAsync(login);

        var response = await api.GetAsync("/api/users");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Without_a_token_me_asks_for_one()
    {
        using var api = Platform.CreateApiClient();

        var response = await api.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> GetMeAsync(HttpClient api)
    {
        var response = await api.GetAsync("/api/me");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/api/me answered {(int)response.StatusCode}: {response.Headers.WwwAuthenticate} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static void AssertMe(JsonElement me, string login, string[] roles, string[] organizations, string[] tenants)
    {
        Assert.Equal(SeededUsers.Subject(login), me.GetProperty("subject").GetString());
        Assert.Equal(roles, Strings(me, "roles"));
        Assert.Equal(organizations, Strings(me, "organizations"));
        Assert.Equal(tenants, Strings(me, "tenants"));
    }

    private static string[] Strings(JsonElement me, string name) => [.. me.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
