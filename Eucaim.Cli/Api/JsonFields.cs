using System.Globalization;
using System.Text.Json;

namespace Eucaim.Cli.Api;

/// <summary>Fields of the API's documents as table cells: absent or of another kind reads as empty, never throws.</summary>
internal static class JsonFields
{
    public static string? String(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A number as the API wrote it ("" when absent).</summary>
    public static string Number(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "";

    public static long? Long(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static IReadOnlyList<string> Strings(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText())]
            : [];

    public static JsonElement Object(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    public static IEnumerable<JsonElement> Items(this JsonElement json) =>
        json.ValueKind == JsonValueKind.Array ? json.EnumerateArray() : [];

    /// <summary>A timestamp in UTC to the second, the way people compare them in a table.</summary>
    public static string Time(this JsonElement json, string name) =>
        json.String(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "";
}
