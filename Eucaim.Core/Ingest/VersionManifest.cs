using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eucaim.Core.Ingest;

/// <summary>
/// The list of every file of a published dataset version (<c>{datasetId}/v{n}/manifest.json</c>):
/// what the job stager copies and verifies. Paths are relative to <c>{datasetId}/v{n}/</c>.
/// </summary>
public sealed record VersionManifest(
    [property: JsonPropertyName("datasetId")] Guid DatasetId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("files")] IReadOnlyList<VersionManifestFile> Files)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    [JsonIgnore]
    public long TotalBytes => Files.Sum(f => f.Size);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <exception cref="InvalidDataException">The document is not a manifest.</exception>
    public static VersionManifest Parse(ReadOnlySpan<byte> utf8Json)
    {
        VersionManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<VersionManifest>(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not a version manifest: {ex.Message}", ex);
        }

        if (manifest?.Files is null || manifest.Version < 1 || manifest.Files.Any(f => string.IsNullOrEmpty(f.Path) || f.Sha256 is not { Length: 64 } || f.Size < 0))
        {
            throw new InvalidDataException("Not a version manifest: datasetId, version >= 1 and files with path, sha256 (64 hex digits) and size are required.");
        }

        return manifest;
    }
}

/// <summary>One file of a version: its path relative to the version, its SHA-256 (lowercase hex) and size in bytes.</summary>
public sealed record VersionManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size);
