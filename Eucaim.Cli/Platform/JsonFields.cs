using System.Globalization;
using System.Text.Json;

namespace Eucaim.Cli.Platform;

/// <summary>Reading the fields of the API's documents for tables: a missing or null field, or one of another kind, is an empty cell, never an exception.</summary>
internal static class JsonFields
{
    public static string? String(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    public static long? Long(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    /// <summary>A number as the API wrote it ("" when absent), fractions included.</summary>
    public static string Number(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "";

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static bool Bool(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static DateTimeOffset? Time(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var t) ? t : null;

    /// <summary>A time in the reader's time zone, to the minute.</summary>
    public static string When(DateTimeOffset? time) =>
        time?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    public static JsonElement Object(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    public static IEnumerable<JsonElement> Items(this JsonElement json, string? name = null)
    {
        var list = name is null ? json : json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) ? v : default;
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
    }

    /// <summary>The items of an array as text: strings as they are, anything else as JSON.</summary>
    public static IReadOnlyList<string> Strings(this JsonElement json, string name) =>
        [.. json.Items(name).Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText())];

    /// <summary>The items of an array, comma separated.</summary>
    public static string List(this JsonElement json, string name) => string.Join(", ", json.Strings(name));
}
