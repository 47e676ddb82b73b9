using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eucaim.Cli.Platform;

/// <summary>
/// JSON Merge Patch (RFC 7396), which is how <c>update</c> commands apply a file to what the platform
/// has: the fields the file names replace the current ones (objects merged field by field), a null
/// removes one, and everything else stays as it is.
/// </summary>
internal static class MergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject inner && target[name] is JsonObject current)
            {
                Apply(current, inner);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    /// <summary>Only the named fields of a document the API gave: the body a write request takes.</summary>
    public static JsonObject Pick(JsonElement document, params string[] names)
    {
        var picked = new JsonObject();
        foreach (var name in names)
        {
            if (document.TryGetProperty(name, out var value))
            {
                picked[name] = JsonNode.Parse(value.GetRawText());
            }
        }

        return picked;
    }
}
