namespace Eucaim.Deploy.Tests.Images;

/// <summary>
/// <c>dotnet publish -c Release</c> of the four images' projects, once for the test class: the step
/// the image build runs before layering the output onto the base image (/t:PublishContainer, which
/// needs the base image and so a registry, is documented in docs/images.md and not run here).
/// One after the other: the projects share Eucaim.Core's Release build.
/// </summary>
public sealed class PublishedServices : IAsyncLifetime
{
    public const string Api = "Eucaim.Api/Eucaim.Api.csproj";
    public const string Workers = "Eucaim.Workers/Eucaim.Workers.csproj";
    public const string SampleJob = "samples/Eucaim.SampleJob/Eucaim.SampleJob.csproj";
    public const string Web = "Eucaim.Web/Eucaim.Web.csproj";

    private readonly string root = Path.Combine(Path.GetTempPath(), $"eucaim-images-{Guid.NewGuid():N}");
    private readonly Dictionary<string, (ToolRun Run, string Folder)> published = [];

    public async Task InitializeAsync()
    {
        foreach (var project in new[] { Api, Workers, SampleJob, Web })
        {
            var folder = Path.Combine(root, Path.GetFileNameWithoutExtension(project));
            var run = await Tool.RunAsync("dotnet",
                ["publish", Tool.RepositoryPath(project), "-c", "Release", "-o", folder, "-nologo", "-v", "q", "-nodeReuse:false"],
                TimeSpan.FromMinutes(4));
            published[project] = (run, folder);
        }
    }

    /// <summary>The publish output folder of <paramref name="project"/>, after asserting that its publish succeeded.</summary>
    public string FolderOf(string project)
    {
        var (run, folder) = published[project];
        Assert.True(run.Succeeded, run.ToString());
        return folder;
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
