using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eucaim.Deploy.Tests.Images;

/// <summary>
/// The container images as the .NET SDK will build them (<c>dotnet publish /t:PublishContainer</c>,
/// docs/images.md), read from MSBuild: the SDK's own <c>ComputeContainerConfig</c> target parses the
/// base image reference, offline, so a digest it does not recognise fails here and not on the build
/// machine. Building the image itself needs a registry to pull the base image from.
/// </summary>
public sealed partial class ImageDefinitionTests
{
    public static TheoryData<string, string, bool> Images => new()
    {
        { "Eucaim.Api/Eucaim.Api.csproj", "eucaim/api", true },
        { "Eucaim.Workers/Eucaim.Workers.csproj", "eucaim/workers", true },
        { "Eucaim.Web/Eucaim.Web.csproj", "eucaim/web", true },
        { "samples/Eucaim.SampleJob/Eucaim.SampleJob.csproj", "eucaim/sample-job", false },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Each_image_has_its_repository_a_numeric_non_root_user_and_a_base_image_pinned_by_version_and_digest(
        string project, string repository, bool servesHttp)
    {
        var image = await ContainerImage.ReadAsync(project);

        Assert.Equal(repository, image.Property("ContainerRepository"));

        // Numeric: the kubelet can only verify runAsNonRoot for a numeric user.
        var user = image.Property("ContainerUser");
        Assert.True(long.TryParse(user, out var uid) && uid > 0, $"{project}: ContainerUser '{user}' is not a numeric non-root user id.");

        Assert.Equal("mcr.microsoft.com", image.Property("ContainerBaseRegistry"));
        Assert.Matches(DigestPattern(), image.Property("ContainerBaseDigest"));
        // A full version (10.0.11-noble), not a floating 10.0, so the tag says which runtime the digest is.
        var tag = image.Property("ContainerBaseTag");
        Assert.Matches(FullVersionTagPattern(), tag);
        var framework = image.Property("TargetFramework");
        Assert.StartsWith(framework["net".Length..] + ".", tag, StringComparison.Ordinal);

        Assert.Equal(servesHttp ? ["8080"] : [], image.Items("ContainerPort"));
    }

    [Fact]
    public async Task Api_Workers_and_portal_run_on_the_same_pinned_base_image()
    {
        var api = await ContainerImage.ReadAsync("Eucaim.Api/Eucaim.Api.csproj");
        var workers = await ContainerImage.ReadAsync("Eucaim.Workers/Eucaim.Workers.csproj");
        var web = await ContainerImage.ReadAsync("Eucaim.Web/Eucaim.Web.csproj");

        Assert.Equal(api.Property("ContainerBaseImage"), workers.Property("ContainerBaseImage"));
        Assert.Equal(api.Property("ContainerBaseImage"), web.Property("ContainerBaseImage"));
        Assert.Equal("dotnet/aspnet", api.Property("ContainerBaseName"));
        // The portal's Data Protection keys lie under the home of this user (deploy/base/web.yaml).
        Assert.Equal(api.Property("ContainerUser"), web.Property("ContainerUser"));
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[a-z0-9.-]+)?$")]
    private static partial Regex FullVersionTagPattern();

    /// <summary>The container properties and items of one project after the SDK's ComputeContainerConfig target.</summary>
    private sealed class ContainerImage(string project, JsonElement properties, JsonElement items)
    {
        private static readonly string[] PropertyNames =
        [
            "TargetFramework", "ContainerRepository", "ContainerUser", "ContainerBaseImage",
            "ContainerBaseRegistry", "ContainerBaseName", "ContainerBaseTag", "ContainerBaseDigest",
        ];

        public static async Task<ContainerImage> ReadAsync(string project)
        {
            var run = await Tool.RunAsync("dotnet",
                [
                    "msbuild", Tool.RepositoryPath(project), "-nologo", "-nodeReuse:false", "-t:ComputeContainerConfig",
                    .. PropertyNames.Select(p => $"-getProperty:{p}"), "-getItem:ContainerPort",
                ],
                TimeSpan.FromMinutes(2));
            Assert.True(run.Succeeded, run.ToString());
            var json = JsonDocument.Parse(run.Output[run.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
            return new ContainerImage(project, json.GetProperty("Properties"), json.GetProperty("Items"));
        }

        public string Property(string name) =>
            properties.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
                ? text
                : throw new Xunit.Sdk.XunitException($"{project}: MSBuild property {name} is empty.");

        public string[] Items(string name) =>
            items.TryGetProperty(name, out var list)
                ? list.EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!).ToArray()
                : [];
    }
}
