using System.Text.Json;
using System.Text.Json.Serialization;
using Eucaim.Core.Platform;

namespace Eucaim.Api.Platform;

/// <summary>
/// For bodies a handler reads itself (the catalogue's metadata): every string passes the
/// <see cref="TextInput"/> policy as it is read, and a NUL or another C0 control character other
/// than tab and line breaks fails the binding with the field's path. Bound <c>…Request</c> bodies
/// are checked by <see cref="BodyTextFilter"/> instead: a converter in the API's JSON options would
/// blank the string schemas of the OpenAPI document.
/// </summary>
public sealed class TextInputJsonConverter : JsonConverter<string>
{
    /// <summary>The JSON options for handlers that read a body themselves.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new TextInputJsonConverter() } };

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("The value must be a string.");
        }

        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate (\uD800): not text at all.
            throw new JsonException($"The value is not valid Unicode text: {ex.Message}", ex);
        }

        if (TextInput.Check("The value", value, int.MaxValue, freeForm: true) is { } problem)
        {
            throw new JsonException(problem);
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
