using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Cli.Platform;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Eucaim.Cli.Jobs;

/// <summary>
/// A job file: the body of <c>POST /api/jobs</c> (docs/jobs.md) written in YAML or JSON, read into
/// the JSON the API takes. YAML goes through YamlDotNet's node model, not its object mapper, so no
/// reflection is involved and a typo in a key is caught here instead of silently ignored by the API.
/// </summary>
internal static class JobFile
{
    /// <summary>The keys of a job, as the API spells them.</summary>
    public static readonly string[] Keys = ["tenant", "name", "image", "command", "arguments", "environment", "flavor", "datasets", "maxRuntimeMinutes"];

    public static JsonObject Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} does not exist");
        }

        var text = File.ReadAllText(file.FullName);
        var isJson = file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        var document = isJson ? ParseJson(file, text) : ParseYaml(file, text);
        if (document is not JsonObject job)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} is not a job: expected a mapping of {string.Join(", ", Keys)}");
        }

        return Normalize(job, file.Name);
    }

    /// <summary>
    /// Lists of words and the environment are strings to the API; YAML reads <c>- 0</c> or
    /// <c>SEED: 42</c> as numbers, so they are written back as the text that was typed.
    /// </summary>
    public static JsonObject Normalize(JsonObject job, string origin)
    {
        foreach (var (key, _) in job.ToList())
        {
            if (!Keys.Contains(key))
            {
                throw new CliException(ExitCodes.Usage, $"{origin}: '{key}' is not a field of a job (fields: {string.Join(", ", Keys)})");
            }
        }

        foreach (var key in new[] { "command", "arguments", "datasets" })
        {
            if (job[key] is JsonArray list)
            {
                job[key] = new JsonArray([.. list.Select(i => (JsonNode?)JsonValue.Create(Scalar(i, origin, key)))]);
            }
            else if (job[key] is not null)
            {
                throw new CliException(ExitCodes.Usage, $"{origin}: '{key}' must be a list");
            }
        }

        if (job["environment"] is JsonObject environment)
        {
            var strings = new JsonObject();
            foreach (var (name, value) in environment)
            {
                strings[name] = Scalar(value, origin, $"environment.{name}");
            }

            job["environment"] = strings;
        }
        else if (job["environment"] is not null)
        {
            throw new CliException(ExitCodes.Usage, $"{origin}: 'environment' must be a mapping of NAME: value");
        }

        return job;
    }

    private static string Scalar(JsonNode? node, string origin, string key) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => throw new CliException(ExitCodes.Usage, $"{origin}: '{key}' must hold text, not {node?.ToJsonString() ?? "null"}"),
    };

    private static JsonNode? ParseJson(FileInfo file, string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} is not JSON ({e.Message})");
        }
    }

    private static JsonNode? ParseYaml(FileInfo file, string text)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} is not YAML (line {e.Start.Line}: {e.InnerException?.Message ?? e.Message})");
        }

        return yaml.Documents.Count switch
        {
            0 => null,
            1 => ToJson(yaml.Documents[0].RootNode),
            _ => throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} holds {yaml.Documents.Count} YAML documents; one job per file"),
        };
    }

    /// <summary>YAML 1.2's core schema for plain scalars (null, booleans, integers); anything quoted is text.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(c.Key is YamlScalarNode key ? key.Value ?? "" : c.Key.ToString(), ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    private static JsonNode? Plain(string value) => value switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        _ => JsonValue.Create(value),
    };
}
