using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>eucaim login</c>, <c>whoami</c> and <c>logout</c> against the running platform and its dev LS
/// Login: the test plays the person who enters the code (or signs in in the browser).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class CliSignInTests(PlatformFixture fixture)
{
    private const int SignInExit = 3;

    private PlatformRun Platform => fixture.Platform;

    private Uri ApiUrl => Platform.App.GetEndpoint("api", "http");

    [Fact]
    public async Task Device_login_approved_by_the_person_then_whoami_shows_them_and_the_tokens_are_owner_only()
    {
        using var cli = new CliUser(ApiUrl);

        var login = await SignInWithDeviceFlowAsync(cli, "rita");

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("Signed in to", login.Output);
        Assert.Contains("Rita Rossi", login.Output);

        var whoami = await cli.RunAsync("whoami", "--json");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        var me = JsonDocument.Parse(whoami.Output).RootElement;
        Assert.Equal(SeededUsers.Subject("rita"), me.GetProperty("subject").GetString());
        Assert.Contains("researcher", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var table = await cli.RunAsync("whoami");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("tenant-a", table.Output);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CliUser.ModeOf(cli.TokenFile));
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, CliUser.ModeOf(cli.ConfigFolder));
        Assert.Equal(ownerOnly, CliUser.ModeOf(Path.GetDirectoryName(cli.TokenFile)!));

        // No secret is ever printed: neither token appears in anything the tool wrote.
        var cached = JsonNode.Parse(File.ReadAllText(cli.TokenFile))!;
        foreach (var secret in new[] { cached["accessToken"]!.GetValue<string>(), cached["refreshToken"]!.GetValue<string>() })
        {
            Assert.DoesNotContain(secret, login.Output + login.Error + whoami.Output + whoami.Error + table.Output);
        }
    }

    [Fact]
    public async Task An_access_token_about_to_expire_is_refreshed_silently()
    {
        using var cli = new CliUser(ApiUrl);
        var login = await SignInWithDeviceFlowAsync(cli, "hugo");
        Assert.True(login.ExitCode == 0, login.ToString());
        var before = JsonNode.Parse(File.ReadAllText(cli.TokenFile))!;

        // As if the hour had passed: the cache says the access token expires in 10 seconds.
        before["expiresAt"] = DateTimeOffset.UtcNow.AddSeconds(10).ToString("O");
        File.WriteAllText(cli.TokenFile, before.ToJsonString());

        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Equal(SeededUsers.Subject("hugo"), JsonDocument.Parse(whoami.Output).RootElement.GetProperty("subject").GetString());
        Assert.Equal("", whoami.Error);
        var after = JsonNode.Parse(File.ReadAllText(cli.TokenFile))!;
        Assert.NotEqual(before["accessToken"]!.GetValue<string>(), after["accessToken"]!.GetValue<string>());
        Assert.NotEqual(before["refreshToken"]!.GetValue<string>(), after["refreshToken"]!.GetValue<string>());
        Assert.True(after["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(5), after.ToJsonString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CliUser.ModeOf(cli.TokenFile));
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token_at_the_provider_and_deletes_the_cache()
    {
        using var cli = new CliUser(ApiUrl);
        var login = await SignInWithDeviceFlowAsync(cli, "kai");
        Assert.True(login.ExitCode == 0, login.ToString());
        var tokenFile = cli.TokenFile;
        var cached = JsonNode.Parse(File.ReadAllText(tokenFile))!;
        var refreshToken = cached["refreshToken"]!.GetValue<string>();

        var logout = await cli.RunAsync("logout");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.False(File.Exists(tokenFile));
        var discovery = await Platform.LsLogin().DiscoveryAsync();
        using var http = new HttpClient();
        var refresh = await http.PostAsync(discovery.GetProperty("token_endpoint").GetString(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "eucaim-cli",
            ["refresh_token"] = refreshToken,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal("invalid_grant", JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        var whoami = await cli.RunAsync("whoami");
        Assert.True(whoami.ExitCode == SignInExit, whoami.ToString());
        Assert.Contains("not signed in", whoami.Error);
        Assert.Contains("eucaim login", whoami.Error);

        // A copy of the cache that survived the logout is worth nothing: its refresh is refused, and the copy is dropped.
        cached["expiresAt"] = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        File.WriteAllText(tokenFile, cached.ToJsonString());
        var withCopy = await cli.RunAsync("whoami");
        Assert.True(withCopy.ExitCode == SignInExit, withCopy.ToString());
        Assert.Contains("has expired or was revoked (invalid_grant)", withCopy.Error);
        Assert.False(File.Exists(tokenFile));
    }

    [Fact]
    public async Task Browser_login_with_pkce_comes_back_to_a_random_loopback_port()
    {
        using var cli = new CliUser(ApiUrl);
        var login = cli.Start("login", "--browser");
        var url = new Uri((await login.Error.WaitForAsync(AuthorizationUrl(), login.Exit)).Value);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/callback$", query["redirect_uri"]);

        var callback = await DevLsLogin.SignInInBrowserAsync(url, "clara");
        using (var browser = new HttpClient())
        {
            var page = await browser.GetAsync(callback);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        var exitCode = await login.Exit.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, $"exit {exitCode}\n{login.Output.Text}\n{login.Error.Text}");
        Assert.Contains("Clara Estévez Puig", login.Output.Text);
    }

    [Fact]
    public async Task A_sign_in_cancelled_at_the_provider_ends_the_device_login_with_access_denied_and_exit_3()
    {
        using var cli = new CliUser(ApiUrl);
        var run = cli.Start("login");
        var prompt = await run.Error.WaitForAsync(DevicePrompt(), run.Exit);

        await DevLsLogin.DenyDeviceCodeAsync(new Uri(prompt.Groups["uri"].Value), prompt.Groups["code"].Value);

        var exitCode = await run.Exit.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exitCode == SignInExit, $"exit {exitCode}\n{run.Output.Text}\n{run.Error.Text}");
        Assert.Contains("eucaim: the sign-in was cancelled or refused at the provider (access_denied)", run.Error.Text);
        Assert.False(Directory.Exists(Path.Combine(cli.ConfigFolder, "tokens")));
    }

    [Fact]
    public async Task Without_a_sign_in_whoami_exits_3_and_says_how_to_sign_in()
    {
        using var cli = new CliUser(ApiUrl);

        var whoami = await cli.RunAsync("whoami");

        Assert.True(whoami.ExitCode == SignInExit, whoami.ToString());
        Assert.Equal("", whoami.Output);
        Assert.Single(whoami.Error.Trim().Split('\n'));
        Assert.Contains("run `eucaim login`", whoami.Error);
    }

    /// <summary><c>eucaim login</c>, with the test entering the printed code at the provider as <paramref name="login"/>.</summary>
    internal static async Task<CliResult> SignInWithDeviceFlowAsync(CliUser cli, string login)
    {
        var run = cli.Start("login");
        var prompt = await run.Error.WaitForAsync(DevicePrompt(), run.Exit);
        await DevLsLogin.ApproveDeviceCodeAsync(new Uri(prompt.Groups["uri"].Value), prompt.Groups["code"].Value, login);
        var exitCode = await run.Exit.WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(exitCode, run.Output.Text, run.Error.Text);
    }

    [GeneratedRegex(@"open (?<uri>http\S+) and enter the code (?<code>[A-Z]{4}-[A-Z]{4})")]
    private static partial Regex DevicePrompt();

    [GeneratedRegex(@"http://\S+\?\S*code_challenge=\S+")]
    private static partial Regex AuthorizationUrl();
}
