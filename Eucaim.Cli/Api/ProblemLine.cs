using System.Text;
using System.Text.Json;

namespace Eucaim.Cli.Api;

/// <summary>
/// An error answer of the API (an RFC 9457 problem document, or anything else a proxy may send) as
/// one readable line: title, detail, the fields it names, the status and the trace id to quote.
/// </summary>
internal static class ProblemLine
{
    private const int MaxLength = 600;

    public static string Format(int status, string? reason, string body)
    {
        var line = new StringBuilder();
        JsonElement problem = default;
        var isJson = false;
        try
        {
            problem = JsonDocument.Parse(body).RootElement;
            isJson = problem.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
        }

        if (isJson)
        {
            var title = Text(problem, "title");
            var detail = Text(problem, "detail");
            line.Append(title ?? reason ?? "request refused");
            if (detail is not null && detail != title)
            {
                line.Append(title is null ? "" : ": ").Append(detail);
            }

            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var fields = errors.EnumerateObject()
                    .Select(e => $"{e.Name}: {string.Join(" ", e.Value.ValueKind == JsonValueKind.Array ? e.Value.EnumerateArray().Select(m => m.ToString()) : [e.Value.ToString()])}");
                line.Append(" (").Append(string.Join("; ", fields)).Append(')');
            }
            else if (Text(problem, "field") is { } field)
            {
                line.Append(" (field: ").Append(field).Append(')');
            }
        }
        else
        {
            line.Append(reason ?? "request refused");
            if (!string.IsNullOrWhiteSpace(body) && body.Length < 200 && !body.TrimStart().StartsWith('<'))
            {
                line.Append(": ").Append(body.Trim());
            }
        }

        line.Append($" [HTTP {status}");
        if (isJson && Text(problem, "traceId") is { } trace)
        {
            line.Append($", trace {trace}");
        }

        line.Append(']');
        return OneLine(line.ToString());
    }

    /// <summary>No line breaks or control characters from a server reach the terminal, and no essay.</summary>
    public static string OneLine(string text)
    {
        var flat = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return flat.Length <= MaxLength ? flat : flat[..MaxLength] + "…";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
