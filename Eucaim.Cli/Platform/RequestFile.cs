using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Eucaim.Cli.Platform;

/// <summary>
/// <c>--file</c>: a request body written by hand, in JSON or YAML (by its extension: <c>.yaml</c>
/// and <c>.yml</c> are YAML, anything else is tried as JSON, then as YAML). A file that is neither
/// is a usage error naming the file and the place, before anything is sent.
/// </summary>
internal static class RequestFile
{
    public static Option<FileInfo?> Option(string description) => new("--file", "-f") { Description = description };

    public static JsonObject Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} does not exist");
        }

        var text = File.ReadAllText(file.FullName);
        var yaml = file.Extension.ToLowerInvariant() is ".yaml" or ".yml";
        JsonNode? document;
        try
        {
            document = yaml ? YamlDocument.ToJson(text) : ParseJsonOrYaml(text);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} is not JSON ({e.Message})");
        }
        catch (YamlException e)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} is not {(yaml ? "YAML" : "JSON or YAML")} (line {e.Start.Line}, column {e.Start.Column}: {e.Message})");
        }

        return document as JsonObject
            ?? throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} must hold one object (field: value, …), not {document?.GetValueKind().ToString().ToLowerInvariant() ?? "nothing"}");
    }

    private static JsonNode? ParseJsonOrYaml(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException) when (!text.TrimStart().StartsWith('{'))
        {
            // Not JSON and not meant to be (it does not start like an object): YAML, then.
            return YamlDocument.ToJson(text);
        }
    }
}
