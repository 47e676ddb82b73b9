using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eucaim.Cli.Config;

namespace Eucaim.Cli.Upload;

/// <summary>
/// Where an upload stands, kept beside the token cache (<c>uploads/&lt;key&gt;.json</c>, 0600) and
/// rewritten after every step that the server has recorded: the ingest session, each part's tus
/// upload and, once sent, its verified SHA-256. A run of the same command after a kill or a dropped
/// network reads it and goes on from where the server is.
/// </summary>
internal sealed class UploadState
{
    public required string Platform { get; init; }

    public required Guid Dataset { get; init; }

    public required string Fingerprint { get; init; }

    public Guid? Ingest { get; set; }

    /// <summary>The session was closed: its ingest is queued, only following it is left.</summary>
    public bool Completed { get; set; }

    public List<UploadPartState> Parts { get; init; } = [];
}

internal sealed class UploadPartState
{
    public required string Name { get; init; }

    public required long Length { get; init; }

    /// <summary>Sent with the creation, so a creation retried after a lost answer returns the same upload.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>The upload's path, e.g. <c>/api/uploads/{id}</c>.</summary>
    public string? Location { get; set; }

    /// <summary>Set once the server's SHA-256 of the whole part equals the one computed here.</summary>
    public string? VerifiedSha256 { get; set; }
}

/// <summary>Reads and writes <see cref="UploadState"/> files; one per platform, dataset and set of paths given.</summary>
internal sealed class UploadStateStore(ConfigFolder folder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _writing = new();

    public static string KeyOf(Uri platform, Guid dataset, IEnumerable<string> paths) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{platform.AbsoluteUri}\n{dataset}\n{string.Join('\n', paths.Select(Path.GetFullPath).Order(StringComparer.Ordinal))}")))[..24];

    public string PathOf(string key) => folder.File("uploads", $"{key}.json");

    public UploadState? Read(string key)
    {
        var text = folder.ReadText(PathOf(key));
        try
        {
            return text is null ? null : JsonSerializer.Deserialize<UploadState>(text, Json);
        }
        catch (JsonException)
        {
            // A damaged state file means starting over, which the server's idempotency keeps safe.
            return null;
        }
    }

    public void Write(string key, UploadState state)
    {
        lock (_writing)
        {
            folder.WritePrivate(PathOf(key), JsonSerializer.Serialize(state, Json));
        }
    }

    public void Delete(string key) => folder.Delete(PathOf(key));
}
