using System.Text.RegularExpressions;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

/// <summary>
/// What a tus creation request declares, once its rules hold: a positive length within the limit,
/// the dataset, optionally the whole file's SHA-256, an open ingest session and an idempotency key.
/// <see cref="FileName"/> is the name as the platform uses it (<see cref="UploadFileName"/>),
/// <see cref="OriginalFileName"/> the name as sent.
/// </summary>
public sealed partial record UploadDeclaration(
    Guid DatasetId, long Length, string RawMetadata, string? FileName, string? OriginalFileName, string? DeclaredSha256, Guid? SessionId, string? IdempotencyKey)
{
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>The longest Upload-Metadata header kept with the upload (its column).</summary>
    public const int MaxMetadataLength = 8000;

    /// <param name="length">Upload-Length, null when absent or not a number.</param>
    /// <param name="metadata">Upload-Metadata's pairs, null when malformed.</param>
    /// <param name="rawMetadata">Upload-Metadata as sent, which a replay must repeat exactly.</param>
    /// <param name="idempotencyKey">Idempotency-Key, empty when absent.</param>
    public static Outcome<UploadDeclaration> Of(
        long? length, IReadOnlyDictionary<string, string>? metadata, string rawMetadata, string idempotencyKey, long maxSizeBytes)
    {
        if (length is not { } declared || declared < 1)
        {
            return UploadProblems.Header(TusHeaders.Length, "Upload-Length (a positive number of bytes) is required.");
        }

        if (declared > maxSizeBytes)
        {
            return UploadProblems.TooLarge(maxSizeBytes, $"Upload-Length {declared} is over Tus-Max-Size {maxSizeBytes}.");
        }

        if (metadata is null)
        {
            return UploadProblems.Header(TusHeaders.Metadata, "Upload-Metadata must be comma-separated 'key base64value' pairs with unique keys.");
        }

        if (rawMetadata.Length > MaxMetadataLength)
        {
            return UploadProblems.Header(TusHeaders.Metadata, $"Upload-Metadata is at most {MaxMetadataLength} characters.");
        }

        // A name is normalised (UploadFileName), so control characters other than NUL are dropped, not refused;
        // its length is still held to the policy, since the original is kept as given.
        var original = metadata.GetValueOrDefault("filename") ?? metadata.GetValueOrDefault("name");
        if (original is not null && original.Length > TextInput.MaxFileNameLength)
        {
            return UploadProblems.Header(TusHeaders.Metadata, $"Upload-Metadata 'filename' is at most {TextInput.MaxFileNameLength} characters; got {original.Length}.");
        }

        if (original is not null && UploadFileName.HasNul(original))
        {
            // NUL cannot even be kept as the original (PostgreSQL text refuses it).
            return UploadProblems.Header(TusHeaders.Metadata, "Upload-Metadata 'filename' must not contain NUL (U+0000).");
        }

        if (!metadata.TryGetValue("dataset", out var datasetText) || !Guid.TryParse(datasetText, out var datasetId))
        {
            return UploadProblems.Header(TusHeaders.Metadata, "Upload-Metadata must name the dataset: 'dataset <base64 of its id>'.");
        }

        string? sha256 = null;
        if (metadata.TryGetValue("sha256", out var sha))
        {
            if (!Sha256Hex().IsMatch(sha))
            {
                return UploadProblems.Header(TusHeaders.Metadata, "Upload-Metadata 'sha256' must be 64 hexadecimal digits (the SHA-256 of the whole upload).");
            }

            sha256 = sha.ToLowerInvariant();
        }

        Guid? sessionId = null;
        if (metadata.TryGetValue("ingest", out var ingestText))
        {
            if (!Guid.TryParse(ingestText, out var parsed))
            {
                return UploadProblems.Header(TusHeaders.Metadata, "Upload-Metadata 'ingest' must be the id of an open ingest session.");
            }

            sessionId = parsed;
        }

        if (TextInput.Check("Idempotency-Key", idempotencyKey, MaxIdempotencyKeyLength) is { } badKey)
        {
            return UploadProblems.Header(TusHeaders.IdempotencyKey, badKey);
        }

        return new UploadDeclaration(datasetId, declared, rawMetadata, UploadFileName.Normalize(original), original,
            sha256, sessionId, idempotencyKey.Length > 0 ? idempotencyKey : null);
    }

    /// <summary>
    /// A repeated creation with the same key is answered with the upload it created, as long as it
    /// declares the same length and metadata; another body under the same key is refused (422).
    /// </summary>
    public Outcome<Upload> Replay(Upload existing) =>
        existing.Length != Length || (existing.Metadata ?? "") != RawMetadata ? UploadProblems.IdempotencyKeyReused() : existing;

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
