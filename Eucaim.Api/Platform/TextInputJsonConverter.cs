using System.Text.Json;
using System.Text.Json.Serialization;
using Eucaim.Core.Platform;

namespace Eucaim.Api.Platform;

/// <summary>
/// Every string of a JSON body passes the <see cref="TextInput"/> policy as it is read: a NUL or
/// another C0 control character other than tab and line breaks fails the binding, and the binding
/// failure names the field (<see cref="BadRequestProblems"/>). Single-line fields are held to
/// "no line breaks" and every field to its length by the use cases' own rules.
/// </summary>
public sealed class TextInputJsonConverter : JsonConverter<string>
{
    /// <summary>The JSON options of the API's bodies, for handlers that read a body themselves.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new TextInputJsonConverter());
        return options;
    }

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
