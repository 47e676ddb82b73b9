namespace Eucaim.Platform.Tests.Cli;

/// <summary>Named profiles choose the platform; <c>--platform</c> and <c>EUCAIM_PLATFORM</c> come first.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CliProfileTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_profile_in_use_names_the_platform_and_the_profiles_file_is_owner_only()
    {
        var api = fixture.Platform.App.GetEndpoint("api", "http");
        using var cli = new CliUser(new Uri("http://127.0.0.1:9")); // EUCAIM_PLATFORM points nowhere…

        var add = await cli.RunAsync("profile", "add", "local", api.AbsoluteUri);
        var listed = await cli.RunAsync("profile", "list");
        var viaEnvironment = await cli.RunAsync("search", "--page-size", "1");
        var viaProfile = await cli.RunAsync("search", "--page-size", "1", "--profile", "local");
        var unknown = await cli.RunAsync("search", "--profile", "nowhere");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("local", listed.Output);
        Assert.Contains("EUCAIM_PLATFORM", listed.Output); // …and wins over the profile in use
        Assert.True(viaEnvironment.ExitCode == 1, viaEnvironment.ToString());
        Assert.True(viaProfile.ExitCode == 0, viaProfile.ToString());
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("no profile 'nowhere'", unknown.Error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CliUser.ModeOf(Path.Combine(cli.ConfigFolder, "profiles.json")));

        var removed = await cli.RunAsync("profile", "remove", "local");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.DoesNotContain("local", (await cli.RunAsync("profile", "list")).Output);
    }
}
