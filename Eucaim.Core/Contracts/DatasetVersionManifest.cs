using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eucaim.Core.Contracts;

/// <summary>
/// Every file of a published dataset version (<see cref="BlobLayout.Datasets.Manifest"/>), written
/// once at publication and read by the job stagers (local and in the pod): staging copies exactly
/// these files and checks each one's SHA-256, so a job reads the version its grant names and
/// nothing else. Paths are relative to the version's prefix.
/// </summary>
public sealed record DatasetVersionManifest(
    [property: JsonPropertyName("datasetId")] Guid DatasetId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("files")] IReadOnlyList<DatasetVersionManifestFile> Files)
{
    [JsonIgnore]
    public long TotalBytes => Files.Sum(f => f.Size);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a manifest and checks every entry, so a damaged or forged one never stages anything.</summary>
    /// <exception cref="InvalidDataException">The document is not a valid manifest.</exception>
    public static DatasetVersionManifest Parse(ReadOnlySpan<byte> utf8Json)
    {
        DatasetVersionManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DatasetVersionManifest>(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not a dataset version manifest: {ex.Message}", ex);
        }

        if (manifest?.Files is null || manifest.Version < 1 || manifest.DatasetId == Guid.Empty)
        {
            throw new InvalidDataException("Not a dataset version manifest: datasetId, version >= 1 and files are required.");
        }

        foreach (var file in manifest.Files)
        {
            if (file?.Path is null || !BlobLayout.IsSafeRelativePath(file.Path) || file.Sha256 is not { Length: 64 } || file.Size < 0)
            {
                throw new InvalidDataException(
                    $"Not a dataset version manifest: the entry '{file?.Path}' needs a safe relative path, a sha256 of 64 hex digits and a size.");
            }

            if ((file.Pack is null) != (file.Offset is null) || (file.Pack is not null && !BlobLayout.IsSafeRelativePath(file.Pack)) || file.Offset < 0)
            {
                throw new InvalidDataException(
                    $"Not a dataset version manifest: the entry '{file.Path}' names a pack without an offset (or the reverse), an unsafe pack path or a negative offset.");
            }

            if (file.DeflatedSize is { } deflated && (file.Pack is null || deflated <= 0))
            {
                throw new InvalidDataException(
                    $"Not a dataset version manifest: the entry '{file.Path}' has a deflatedSize without a pack, or one that is not positive.");
            }
        }

        return manifest;
    }

    /// <summary>Parses the manifest of <paramref name="datasetId"/> version <paramref name="version"/>, refusing one that names another.</summary>
    /// <exception cref="InvalidDataException">Not a valid manifest, or not the one asked for.</exception>
    public static DatasetVersionManifest Parse(ReadOnlySpan<byte> utf8Json, Guid datasetId, int version)
    {
        var manifest = Parse(utf8Json);
        if (manifest.DatasetId != datasetId || manifest.Version != version)
        {
            throw new InvalidDataException(
                $"The manifest of dataset {datasetId} version {version} names dataset {manifest.DatasetId} version {manifest.Version}.");
        }

        return manifest;
    }
}

/// <summary>
/// One file of a version: its path relative to the version (where staging puts it), its SHA-256
/// (lowercase hex) and size in bytes, and where its bytes are: at <see cref="Offset"/> in the pack
/// <see cref="Pack"/> (relative to the version), or, both absent, in a blob of its own at its path;
/// with <see cref="DeflatedSize"/>, the pack holds them as a raw deflate stream of that many bytes.
/// </summary>
public sealed record DatasetVersionManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("pack"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pack = null,
    [property: JsonPropertyName("offset"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Offset = null,
    [property: JsonPropertyName("deflatedSize"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DeflatedSize = null)
{
    [JsonIgnore]
    public Storage.InstanceBytes Bytes => new(Path, Pack, Offset, Size, DeflatedSize);
}
