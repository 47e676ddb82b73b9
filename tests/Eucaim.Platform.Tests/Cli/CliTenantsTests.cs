using System.Net;
using System.Text.Json;
using Eucaim.Cli.Platform;
using Eucaim.Platform.Tests.Identity;
using static Eucaim.Platform.Tests.Cli.CliSteps;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>eucaim tenants …</c> and <c>eucaim flavors …</c> as an admin and as a researcher, against the
/// running platform: what the tool prints for people and for scripts, and what the API then holds.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliTenantsTests(PlatformFixture fixture)
{
    private const int UsageExit = 2;
    private const int RefusedExit = 4;

    private Uri ApiUrl => fixture.Platform.App.GetEndpoint("api", "http");

    [Fact]
    public async Task An_admin_creates_a_flavor_and_a_tenant_lists_shows_changes_suspends_resumes_and_deletes_them()
    {
        using var cli = new CliUser(ApiUrl);
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "alba");
        Assert.True(login.ExitCode == 0, login.ToString());
        var flavor = $"cli-{Guid.NewGuid():N}"[..12];
        var slug = $"cli-{Guid.NewGuid():N}"[..12];
        try
        {
            // A flavor from options; an update changes what it names and keeps the rest.
            var created = await Ok(cli, "flavors", "create", flavor, "--description", "CLI test flavor", "--cpu-millicores", "2000", "--memory-mib", "4096",
                "--max-runtime-minutes", "60");
            Assert.Contains($"Created flavor {flavor}: 2 CPU cores, 4 GiB", created.Output);
            var updated = Json(await Ok(cli, "flavors", "update", flavor, "--memory-mib", "8192", "--json"));
            Assert.Equal(8192, updated.GetProperty("memoryMib").GetInt32());
            Assert.Equal(2000, updated.GetProperty("cpuMillicores").GetInt32());
            Assert.Equal("CLI test flavor", updated.GetProperty("description").GetString());
            Assert.Contains(flavor, (await Ok(cli, "flavors", "list")).Output);
            Assert.Contains(flavor, Json(await Ok(cli, "flavors", "list", "--json")).EnumerateArray().Select(f => f.GetProperty("name").GetString()));
            var shown = await Ok(cli, "flavors", "show", flavor);
            Assert.Contains("8 GiB", shown.Output);
            Assert.Contains("CLI test flavor", shown.Output);

            // A tenant from a YAML file, an option overriding one of its fields.
            var file = Path.Combine(cli.ConfigFolder, "tenant.yaml");
            File.WriteAllText(file, $"""
                # a tenant for the CLI test
                name: CLI tenant from YAML
                quota:
                  gpus: 0
                  cpuCores: 4
                  memoryGib: 16
                  storageGib: 10
                  concurrentJobs: 1
                  maxJobRuntimeMinutes: 60
                allowedFlavors: [{flavor}]
                """);
            var tenant = Json(await Ok(cli, "tenants", "create", slug, "--file", file, "--memory-gib", "32", "--json"));
            Assert.Equal(slug, tenant.GetProperty("slug").GetString());
            Assert.Equal("CLI tenant from YAML", tenant.GetProperty("name").GetString());
            Assert.Equal(32, tenant.GetProperty("quota").GetProperty("memoryGib").GetInt32());
            Assert.Equal(4, tenant.GetProperty("quota").GetProperty("cpuCores").GetInt32());
            Assert.Equal([flavor], tenant.GetProperty("allowedFlavors").EnumerateArray().Select(f => f.GetString()));

            var list = await Ok(cli, "tenants", "list");
            Assert.Contains("CLI tenant from YAML", Row(list.Output, slug));
            Assert.Contains(slug, Json(await Ok(cli, "tenants", "list", "--json")).EnumerateArray().Select(t => t.GetProperty("slug").GetString()));

            // An update from options: the rest of the desired state is kept, not reset.
            var rita = SeededUsers.Subject("rita");
            var changed = Json(await Ok(cli, "tenants", "update", slug, "--cpu-cores", "8", "--add-member", rita, "--json"));
            Assert.Equal(8, changed.GetProperty("quota").GetProperty("cpuCores").GetInt32());
            Assert.Equal(32, changed.GetProperty("quota").GetProperty("memoryGib").GetInt32());
            Assert.Equal([rita], changed.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal([flavor], changed.GetProperty("allowedFlavors").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal("CLI tenant from YAML", changed.GetProperty("name").GetString());

            var show = await Ok(cli, "tenants", "show", slug);
            Assert.Contains("CLI tenant from YAML", show.Output);
            Assert.Contains(rita, show.Output);
            Assert.Contains($"eucaim-{slug}", show.Output);
            Assert.Equal(8, Json(await Ok(cli, "tenants", "quota", slug, "--json")).GetProperty("cpuCores").GetInt32());
            Assert.Contains("10 GiB", (await Ok(cli, "tenants", "usage", slug)).Output);

            // A flavor a tenant allows cannot go: the API's 409, in one line, exit 4.
            var inUse = await cli.RunAsync("flavors", "delete", flavor);
            Assert.True(inUse.ExitCode == RefusedExit, inUse.ToString());
            Assert.Contains("[HTTP 409", OneLine(inUse.Error));

            Assert.Contains($"Suspended tenant {slug}: suspended", (await Ok(cli, "tenants", "suspend", slug)).Output);
            Assert.Equal("suspended", Json(await Ok(cli, "tenants", "show", slug, "--json")).GetProperty("state").GetString());
            Assert.Contains($"Resumed tenant {slug}: active", (await Ok(cli, "tenants", "resume", slug)).Output);

            var events = Json(await Ok(cli, "tenants", "events", slug, "--json")).EnumerateArray()
                .Where(e => e.GetProperty("actor").GetString() == SeededUsers.Subject("alba"))
                .Select(e => e.GetProperty("action").GetString());
            Assert.Equal(["tenant.created", "tenant.updated", "tenant.suspended", "tenant.resumed"], events);
            Assert.Contains("tenant.suspended", (await Ok(cli, "tenants", "events", slug)).Output);

            // Deleting asks: without a terminal it needs --yes; at a terminal the slug typed again.
            var unconfirmed = await cli.RunAsync("tenants", "delete", slug);
            Assert.True(unconfirmed.ExitCode == UsageExit, unconfirmed.ToString());
            Assert.Contains("--yes", unconfirmed.Error);
            var declined = await RunAtTerminalAsync(cli, "not-the-slug\n", "tenants", "delete", slug);
            Assert.True(declined.ExitCode == 1, declined.ToString());
            Assert.Contains("nothing was changed", declined.Error);
            Assert.Equal("active", Json(await Ok(cli, "tenants", "show", slug, "--json")).GetProperty("state").GetString());

            var deleted = await RunAtTerminalAsync(cli, $"{slug}\n", "tenants", "delete", slug, "--wait");
            Assert.True(deleted.ExitCode == 0, deleted.ToString());
            Assert.Contains($"Type '{slug}' to confirm", deleted.Error);
            Assert.Contains($"Deleted tenant {slug}.", deleted.Output);
            var gone = await cli.RunAsync("tenants", "show", slug);
            Assert.True(gone.ExitCode == RefusedExit, gone.ToString());
            Assert.Contains("[HTTP 404", OneLine(gone.Error));

            Assert.Contains($"Deleted flavor {flavor}.", (await Ok(cli, "flavors", "delete", flavor)).Output);
            var flavorGone = await cli.RunAsync("flavors", "show", flavor);
            Assert.True(flavorGone.ExitCode == RefusedExit, flavorGone.ToString());
        }
        finally
        {
            await CleanUpAsync(slug, flavor);
        }
    }

    [Fact]
    public async Task Bad_input_is_refused_by_the_api_in_one_line_naming_the_field_and_nothing_is_created()
    {
        using var cli = new CliUser(ApiUrl);
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "alba");
        Assert.True(login.ExitCode == 0, login.ToString());
        var slug = $"cli-{Guid.NewGuid():N}"[..12];
        try
        {
            var noQuota = await cli.RunAsync("tenants", "create", slug, "--name", "No quota");
            Assert.True(noQuota.ExitCode == RefusedExit, noQuota.ToString());
            var line = OneLine(noQuota.Error);
            Assert.Contains("quota: quota is required.", line);
            Assert.Contains("[HTTP 400", line);

            var badFlavor = await cli.RunAsync("flavors", "create", slug, "--cpu-millicores", "0", "--memory-mib", "1024", "--max-runtime-minutes", "60");
            Assert.True(badFlavor.ExitCode == RefusedExit, badFlavor.ToString());
            Assert.Contains("cpuMillicores: cpuMillicores must be between 1 and", OneLine(badFlavor.Error));

            var notYaml = Path.Combine(cli.ConfigFolder, "broken.yaml");
            File.WriteAllText(notYaml, "name: [unclosed\n");
            var broken = await cli.RunAsync("tenants", "create", slug, "--file", notYaml);
            Assert.True(broken.ExitCode == UsageExit, broken.ToString());
            Assert.Contains($"{notYaml} is not YAML (line ", OneLine(broken.Error));

            var nothing = await cli.RunAsync("tenants", "update", "tenant-a");
            Assert.True(nothing.ExitCode == UsageExit, nothing.ToString());
            Assert.Contains("nothing to change", nothing.Error);

            var absent = await cli.RunAsync("tenants", "list", "--json");
            Assert.DoesNotContain(slug, Json(absent).EnumerateArray().Select(t => t.GetProperty("slug").GetString()));
            Assert.DoesNotContain(slug, Json(await Ok(cli, "flavors", "list", "--json")).EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        }
        finally
        {
            await CleanUpAsync(slug, slug);
        }
    }

    [Fact]
    public async Task A_researcher_gets_exit_4_and_the_apis_403_in_one_line_from_every_admin_command()
    {
        using (var alba = await fixture.Platform.CreateApiClientForAsync("alba"))
        {
            await Tenants.TenantRequests.EnsureTenantAsync(alba, "tenant-a");
        }

        using var cli = new CliUser(ApiUrl);
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "rita");
        Assert.True(login.ExitCode == 0, login.ToString());
        var name = $"cli-{Guid.NewGuid():N}"[..12];
        try
        {
            string[][] commands =
            [
                ["tenants", "create", name, "--name", "Not allowed", "--gpus", "1", "--cpu-cores", "1", "--memory-gib", "1", "--storage-gib", "1",
                    "--concurrent-jobs", "1", "--max-job-runtime-minutes", "1"],
                ["tenants", "suspend", "tenant-a"],
                ["tenants", "delete", "tenant-a", "--yes"],
                ["tenants", "events", "tenant-a"],
                ["flavors", "create", name, "--cpu-millicores", "1000", "--memory-mib", "1024", "--max-runtime-minutes", "60"],
                ["images", "add", $"registry.example.org/{name}/model:1.0"],
                ["users", "list"],
            ];
            foreach (var command in commands)
            {
                var refused = await cli.RunAsync(command);
                Assert.True(refused.ExitCode == RefusedExit, $"{string.Join(' ', command)}\n{refused}");
                Assert.Equal("", refused.Output);
                var line = OneLine(refused.Error);
                Assert.StartsWith("eucaim: Not allowed.", line);
                Assert.Contains("[HTTP 403", line);
            }

            // What a researcher may read: their own tenant, the flavors and images; another tenant does not exist for them.
            Assert.Contains("tenant-a", (await Ok(cli, "tenants", "list")).Output);
            await Ok(cli, "flavors", "list");
            await Ok(cli, "images", "list");
            var other = await cli.RunAsync("tenants", "show", "tenant-b");
            Assert.True(other.ExitCode == RefusedExit, other.ToString());
            Assert.Contains("[HTTP 404", OneLine(other.Error));
        }
        finally
        {
            await CleanUpAsync(name, name);
        }
    }

    /// <summary>The tool with a terminal on standard input where the person types <paramref name="typed"/>.</summary>
    private static async Task<CliResult> RunAtTerminalAsync(CliUser cli, string typed, params string[] args)
    {
        var output = new LiveWriter();
        var error = new LiveWriter();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            Input = new StringReader(typed),
            Environment = name => name switch
            {
                "EUCAIM_CONFIG_DIR" => cli.ConfigFolder,
                "EUCAIM_PLATFORM" => cli.Platform.AbsoluteUri,
                _ => null,
            },
        };
        var exitCode = await CliApp.RunAsync(args, host).WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(exitCode, output.Text, error.Text);
    }

    /// <summary>Whatever a test left: the tenant deleted (and waited for, as it holds the flavor), then the flavor.</summary>
    private async Task CleanUpAsync(string slug, string flavor)
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        if ((await alba.DeleteAsync($"/api/tenants/{slug}")).StatusCode == HttpStatusCode.Accepted)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (!timeout.IsCancellationRequested && (await alba.GetAsync($"/api/tenants/{slug}")).StatusCode != HttpStatusCode.NotFound)
            {
                await Task.Delay(500);
            }
        }

        await alba.DeleteAsync($"/api/flavors/{flavor}");
    }
}
