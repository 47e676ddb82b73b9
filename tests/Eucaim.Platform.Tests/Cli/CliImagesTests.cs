using System.Text.Json;

namespace Eucaim.Platform.Tests.Cli;

/// <summary><c>eucaim images list|add|remove</c>: the admins' allow-list of job images, through the tool.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CliImagesTests(PlatformFixture fixture)
{
    [Fact]
    public async Task An_admin_allow_lists_an_image_pinned_by_digest_sees_it_listed_and_removes_it()
    {
        using var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "alba");
        Assert.True(login.ExitCode == 0, login.ToString());
        var reference = $"registry.example.org/cli-test/{Guid.NewGuid():N}/model:1.0";
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reference)));
        try
        {
            var added = await cli.RunAsync("images", "add", reference, "--digest", digest, "--description", "Added by the CLI test", "--json");
            Assert.True(added.ExitCode == 0, added.ToString());
            Assert.Equal(digest, JsonDocument.Parse(added.Output).RootElement.GetProperty("digest").GetString());

            var table = await cli.RunAsync("images", "list");
            Assert.True(table.ExitCode == 0, table.ToString());
            var row = Assert.Single(table.Output.Split('\n'), l => l.Contains(reference, StringComparison.Ordinal));
            Assert.Contains(digest, row);
            Assert.Contains("Added by the CLI test", row);

            var again = await cli.RunAsync("images", "add", reference);
            Assert.True(again.ExitCode == 4, again.ToString());
            Assert.Contains("[HTTP 409", Assert.Single(again.Error.TrimEnd('\n').Split('\n')));

            // The reference's '/' and ':' reach the API's catch-all route as one reference.
            var removed = await cli.RunAsync("images", "remove", reference);
            Assert.True(removed.ExitCode == 0, removed.ToString());
            Assert.Contains($"Removed {reference} from the allow-list.", removed.Output);

            var listed = await cli.RunAsync("images", "list", "--json");
            Assert.True(listed.ExitCode == 0, listed.ToString());
            Assert.DoesNotContain(reference, JsonDocument.Parse(listed.Output).RootElement.EnumerateArray().Select(i => i.GetProperty("reference").GetString()));

            var twice = await cli.RunAsync("images", "remove", reference);
            Assert.True(twice.ExitCode == 4, twice.ToString());
            Assert.Contains("[HTTP 404", twice.Error);
        }
        finally
        {
            using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
            await alba.DeleteAsync($"/api/job-images/{reference}");
        }
    }
}
