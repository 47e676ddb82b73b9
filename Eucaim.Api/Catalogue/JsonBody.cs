using System.Text.Json;

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
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, JsonSerializerOptions.Web, cancellationToken);
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
            return (body.Deserialize<T>(JsonSerializerOptions.Web), null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return (default, new() { [field] = ["The value has the wrong type."] });
        }
    }
}
