using System.Text.Json;
using Eucaim.Api.Platform;
using Eucaim.Core.Platform;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// Reads a JSON body so that a value of the wrong type is reported like any other invalid field,
/// by its name (<c>subjects</c>, <c>modalities[1]</c>), instead of a bare 400.
/// </summary>
internal static class JsonBody
{
    public static async Task<(JsonElement? Body, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, TextInputJsonConverter.Options, cancellationToken);
            return body.ValueKind == JsonValueKind.Object
                ? (body, null)
                : (null, new() { ["body"] = ["The body must be a JSON object."] });
        }
        catch (JsonException ex)
        {
            return (null, new() { ["body"] = [$"The body is not valid JSON: {ex.Message}"] });
        }
    }

    public static (T? Value, Dictionary<string, string[]>? Errors) Bind<T>(JsonElement body)
    {
        try
        {
            return (body.Deserialize<T>(TextInputJsonConverter.Options), null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            var message = ex.Message.StartsWith("The value contains", StringComparison.Ordinal) ? ex.Message : "The value has the wrong type.";
            return (default, new() { [field] = [message] });
        }
    }

    /// <summary>A string member read straight from the body, held to the text policy; null when absent or not a string.</summary>
    public static (string? Value, Dictionary<string, string[]>? Errors) BindText(JsonElement body, string name, int maxLength)
    {
        if (!body.TryGetProperty(name, out var member) || member.ValueKind != JsonValueKind.String)
        {
            return (null, null);
        }

        try
        {
            var value = member.GetString();
            return TextInput.Check(name, value, maxLength) is { } problem ? (null, new() { [name] = [problem] }) : (value, null);
        }
        catch (InvalidOperationException)
        {
            return (null, new() { [name] = [$"{name} is not valid Unicode text."] });
        }
    }
}
