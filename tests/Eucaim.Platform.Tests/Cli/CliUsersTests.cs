using System.Text.Json;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Cli;

/// <summary><c>eucaim users list</c>: who has signed in, for admins.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CliUsersTests(PlatformFixture fixture)
{
    [Fact]
    public async Task An_admin_lists_the_people_who_signed_in_as_a_table_and_as_json()
    {
        using var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "alba");
        Assert.True(login.ExitCode == 0, login.ToString());

        var json = await cli.RunAsync("users", "list", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var alba = Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray(), u => u.GetProperty("subject").GetString() == SeededUsers.Subject("alba"));
        Assert.Equal("alba@example.org", alba.GetProperty("email").GetString());

        var table = await cli.RunAsync("users", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        var row = Assert.Single(table.Output.Split('\n'), l => l.Contains(SeededUsers.Subject("alba"), StringComparison.Ordinal));
        Assert.Contains("Alba Admin", row);
        Assert.Contains("alba@example.org", row);

        var one = await cli.RunAsync("users", "list", "--limit", "1", "--json");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Single(JsonDocument.Parse(one.Output).RootElement.EnumerateArray());

        var bad = await cli.RunAsync("users", "list", "--limit", "0");
        Assert.True(bad.ExitCode == 4, bad.ToString());
        Assert.Contains("limit must be between 1 and 1000. (field: limit) [HTTP 400", bad.Error);
    }
}
