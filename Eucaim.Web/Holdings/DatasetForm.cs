using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Eucaim.Web.Holdings;

/// <summary>
/// The metadata fields the register and edit forms offer, as typed. The API takes the whole metadata
/// on every save, so an edit starts from the metadata as it was and overlays only these fields: the
/// others (notes, tools used, seed keys…) are kept as they are.
/// </summary>
public sealed class DatasetForm
{
    /// <summary>Each field: its JSON name, its label, and whether it holds a list (typed comma-separated).</summary>
    public static readonly IReadOnlyList<(string Name, string Label, bool List)> Fields =
    [
        ("name", "Name", false),
        ("description", "Description", false),
        ("intendedPurpose", "Intended purpose", false),
        ("cancerType", "Cancer type", false),
        ("modalities", "Modalities", true),
        ("bodyParts", "Body parts", true),
        ("ageRange", "Age range", false),
        ("sex", "Sex", false),
        ("subjects", "Subjects", false),
        ("studies", "Studies", false),
        ("tier", "Tier", false),
        ("sharingMode", "Sharing mode", false),
        ("federatedNode", "Federated node", false),
        ("deidentification", "De-identification", false),
        ("termsOfUse", "Terms of use", false),
    ];

    private static readonly HashSet<string> Numbers = ["subjects", "studies"];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string this[string name] => _values.GetValueOrDefault(name) ?? "";

    public static DatasetForm Empty() => new() { _values = { ["sharingMode"] = "central-repository" } };

    public static DatasetForm From(JsonObject metadata)
    {
        var form = new DatasetForm();
        foreach (var (name, _, list) in Fields)
        {
            form._values[name] = Text(metadata[name], list);
        }

        return form;
    }

    public static DatasetForm From(IFormCollection posted)
    {
        var form = new DatasetForm();
        foreach (var (name, _, _) in Fields)
        {
            form._values[name] = posted[name].ToString();
        }

        return form;
    }

    /// <summary>The metadata to send: <paramref name="basis"/> with this form's fields over it.</summary>
    public JsonObject ToMetadata(JsonObject? basis)
    {
        var metadata = basis?.DeepClone().AsObject() ?? [];
        foreach (var (name, _, list) in Fields)
        {
            var text = this[name].Trim();
            metadata[name] = list
                ? new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode)JsonValue.Create(v))])
                : text.Length == 0 ? null
                : Numbers.Contains(name) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : JsonValue.Create(text);
        }

        return metadata;
    }

    /// <summary>The fields whose values differ between two versions of the metadata: each label, with its value in <paramref name="after"/>.</summary>
    public static IReadOnlyList<(string Label, string Value)> ChangedFields(JsonObject before, JsonObject after) =>
        [.. Fields.Where(f => Text(before[f.Name], f.List) != Text(after[f.Name], f.List)).Select(f => (f.Label, Text(after[f.Name], f.List)))];

    private static string Text(JsonNode? node, bool list) => node switch
    {
        null => "",
        JsonArray array when list => string.Join(", ", array.Select(v => v?.ToString() ?? "")),
        _ => node.ToString(),
    };
}
