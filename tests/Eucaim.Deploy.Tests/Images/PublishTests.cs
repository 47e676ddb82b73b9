using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Eucaim.Deploy.Tests.Images;

/// <summary>
/// What can be checked of the images without a container engine: each project publishes in Release,
/// the published Api starts with nothing but its settings and answers <c>/alive</c> while its database
/// and blob storage are unreachable (the liveness probe of the deploy tree), so does the published
/// portal while the Api and the identity provider are, and the published Workers answers the verbs job
/// pods run it with.
/// </summary>
public sealed class PublishTests(PublishedServices services) : IClassFixture<PublishedServices>
{
    [Theory]
    [InlineData(PublishedServices.Api, "Eucaim.Api.dll")]
    [InlineData(PublishedServices.Workers, "Eucaim.Workers.dll")]
    [InlineData(PublishedServices.SampleJob, "Eucaim.SampleJob.dll")]
    [InlineData(PublishedServices.Web, "Eucaim.Web.dll")]
    public void Each_image_project_publishes_in_Release(string project, string entryAssembly)
    {
        var folder = services.FolderOf(project);

        Assert.True(File.Exists(Path.Combine(folder, entryAssembly)), $"{entryAssembly} is missing from {folder}.");
        Assert.True(File.Exists(Path.Combine(folder, Path.ChangeExtension(entryAssembly, ".runtimeconfig.json"))));
    }

    [Fact]
    public async Task The_published_Api_answers_alive_without_its_database_or_blob_storage()
    {
        var nowhere = FreePort(); // closed: nothing listens there
        await AssertAliveAsync(PublishedServices.Api, "Eucaim.Api.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__eucaim"] = $"Host=127.0.0.1;Port={nowhere};Username=eucaim_service;Password=unused;Database=eucaim;Timeout=2",
            ["ConnectionStrings__blobs"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{nowhere}/devstoreaccount1;",
            ["Authentication__LsLogin__Authority"] = $"http://127.0.0.1:{nowhere}/",
            ["Eucaim__Access__PublicUrl"] = "https://eucaim.example.org",
        });
    }

    [Fact]
    public async Task The_published_portal_answers_alive_without_the_Api_or_the_identity_provider()
    {
        // The settings deploy/base gives it, every address a closed port: the probes never need either.
        var nowhere = FreePort();
        await AssertAliveAsync(PublishedServices.Web, "Eucaim.Web.dll", new Dictionary<string, string>
        {
            ["Eucaim__Api"] = $"http://127.0.0.1:{nowhere}",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["Authentication__LsLogin__Authority"] = $"http://127.0.0.1:{nowhere}/",
            ["Authentication__LsLogin__Audience"] = "urn:eucaim:api",
            ["Authentication__LsLogin__ClientId"] = "eucaim-portal",
            ["Authentication__LsLogin__ClientSecret"] = "unused",
        });
    }

    /// <summary>
    /// Starts a published service in Production with only <paramref name="settings"/> and asserts that it
    /// answers <c>/alive</c> with 200 <c>Healthy</c> within a minute (the start-up and liveness probes).
    /// </summary>
    private async Task AssertAliveAsync(string project, string entryAssembly, Dictionary<string, string> settings)
    {
        var folder = services.FolderOf(project);
        var port = FreePort();
        var home = Directory.CreateTempSubdirectory("eucaim-service-home-").FullName;
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Data Protection keeps its keys under the user profile when nothing else is configured.
            ["HOME"] = home,
        };
        var start = Tool.Start("dotnet", [Path.Combine(folder, entryAssembly)], environment);
        start.WorkingDirectory = folder;
        using var service = new Process { StartInfo = start };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        service.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        service.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        service.Start();
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpResponseMessage? alive = null;
            while (alive is null && DateTime.UtcNow < deadline && !service.HasExited)
            {
                try
                {
                    alive = await http.GetAsync($"http://127.0.0.1:{port}/alive");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }

            var log = string.Join('\n', output.TakeLast(80));
            Assert.False(service.HasExited, $"The published {entryAssembly} exited with {(service.HasExited ? service.ExitCode : 0)}:\n{log}");
            Assert.True(alive is not null, $"The published {entryAssembly} did not answer /alive within 60 s:\n{log}");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }

            await service.WaitForExitAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    [Theory]
    [InlineData("stage-datasets")]
    [InlineData("upload-outputs")]
    public async Task The_published_Workers_answers_the_job_pod_helper_verbs(string verb)
    {
        var folder = services.FolderOf(PublishedServices.Workers);

        // Without its arguments the helper prints its usage and exits with 2: the verb reached PodTools,
        // not the web host (which would start listening and never exit).
        var run = await Tool.RunAsync("dotnet", [Path.Combine(folder, "Eucaim.Workers.dll"), verb], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("usage: Eucaim.Workers stage-datasets <exchange url> <token file> <data folder> | upload-outputs", run.Output, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
