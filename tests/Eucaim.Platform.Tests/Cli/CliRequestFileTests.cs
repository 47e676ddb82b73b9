using System.Text.Json.Nodes;
using Eucaim.Cli.Platform;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>--file</c> in JSON or YAML, and how an update applies it (RFC 7396). No platform needed: these
/// are the rules the tool applies before it sends anything.
/// </summary>
public sealed class CliRequestFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("eucaim-cli-file-");

    [Fact]
    public void Yaml_becomes_the_json_the_api_takes_with_quoted_scalars_kept_as_text()
    {
        var file = Write("tenant.yaml", """
            slug: tenant-c
            name: "2024"          # quoted: text, not a number
            lsLoginGroup: ~
            quota:
              gpus: 4
              memoryGib: 256
            allowedFlavors:
              - medium-gpu
              - large-gpu
            members: []
            enabled: true
            ratio: 0.5
            """);

        var json = RequestFile.Read(file);

        Assert.Equal(
            """{"slug":"tenant-c","name":"2024","lsLoginGroup":null,"quota":{"gpus":4,"memoryGib":256},"allowedFlavors":["medium-gpu","large-gpu"],"members":[],"enabled":true,"ratio":0.5}""",
            json.ToJsonString());
    }

    [Fact]
    public void A_json_file_is_read_whatever_its_extension_and_yaml_without_one()
    {
        Assert.Equal("""{"name":"x"}""", RequestFile.Read(Write("tenant.txt", """{ "name": "x" }""")).ToJsonString());
        Assert.Equal("""{"name":"x","gpus":2}""", RequestFile.Read(Write("tenant", "name: x\ngpus: 2\n")).ToJsonString());
    }

    [Theory]
    [InlineData("dup.yaml", "name: a\nname: b\n", "is not YAML (line 2, column 1: Duplicate key name)")]
    [InlineData("list.yaml", "- a\n- b\n", "must hold one object")]
    [InlineData("broken.json", "{ \"name\": ", "is not JSON")]
    [InlineData("two.yaml", "name: a\n---\nname: b\n", "one document expected")]
    public void A_file_that_is_not_one_object_is_a_usage_error_naming_it(string name, string text, string expected)
    {
        var file = Write(name, text);

        var error = Assert.Throws<CliException>(() => RequestFile.Read(file));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(file.FullName, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_merge_patch_replaces_what_it_names_merges_objects_and_removes_nulls()
    {
        var current = JsonNode.Parse("""{"name":"A","lsLoginGroup":"urn:x","quota":{"gpus":1,"cpuCores":8},"members":["s1","s2"]}""")!.AsObject();

        MergePatch.Apply(current, JsonNode.Parse("""{"quota":{"gpus":4},"members":["s3"],"lsLoginGroup":null}""")!.AsObject());

        Assert.Equal("""{"name":"A","quota":{"gpus":4,"cpuCores":8},"members":["s3"]}""", current.ToJsonString());
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private FileInfo Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return new FileInfo(path);
    }
}
