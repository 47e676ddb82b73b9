using System.Text;
using System.Text.Json;
using Eucaim.Web.Api;

namespace Eucaim.Web.Jobs;

/// <summary>
/// What a reviewer sees of a requested file: text as it is, JSON indented, CSV/TSV as a table; the
/// first <see cref="Limit"/> bytes only, and nothing of files that are not text (their findings and
/// size say what they are).
/// </summary>
public sealed record ExportPreview(string Path, string? Text, IReadOnlyList<string[]>? Rows, bool Truncated, string? Note)
{
    public const int Limit = 64 * 1024;

    private const int MaxRows = 50;

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".json", ".csv", ".tsv", ".md", ".log", ".yaml", ".yml", ".xml", ".html",
    };

    public static async Task<ExportPreview> ReadAsync(SignedInApi api, Guid exportId, ExportFileView file, CancellationToken cancellationToken)
    {
        var extension = System.IO.Path.GetExtension(file.Path);
        if (!TextExtensions.Contains(extension) && file.ContentType?.StartsWith("text/", StringComparison.Ordinal) != true)
        {
            return new(file.Path, null, null, false, "Not a text file: no preview.");
        }

        var path = string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString));
        using var response = await api.GetRawAsync($"api/exports/{exportId}/files/{path}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new(file.Path, null, null, false, $"The API did not give the file ({(int)response.StatusCode}).");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Limit + 1];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        var truncated = read > Limit;
        var text = Encoding.UTF8.GetString(buffer, 0, Math.Min(read, Limit));
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return new(file.Path, null, null, false, "Binary content: no preview.");
        }

        return extension.ToLowerInvariant() switch
        {
            ".json" when !truncated && Indented(text) is { } json => new(file.Path, json, null, false, null),
            ".csv" => new(file.Path, null, Table(text, ','), truncated, null),
            ".tsv" => new(file.Path, null, Table(text, '\t'), truncated, null),
            _ => new(file.Path, text, null, truncated, null),
        };
    }

    private static string? Indented(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, IndentedOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };

    /// <summary>A plain split (quoted separators stay split): a preview for reading, not a parser.</summary>
    private static IReadOnlyList<string[]>? Table(string text, char separator)
    {
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(MaxRows + 1).Select(l => l.TrimEnd('\r').Split(separator)).ToList();
        return rows.Count == 0 ? null : rows;
    }
}
