using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Eucaim.Api.Ingest;

internal static partial class UploadEndpoints
{
    public static IResult Options(HttpContext http, IOptions<UploadOptions> options)
    {
        var headers = http.Response.Headers;
        headers[Tus.VersionHeader] = Tus.Version;
        headers[Tus.ExtensionHeader] = Tus.Extensions;
        headers[Tus.MaxSizeHeader] = options.Value.MaxSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[Tus.ChecksumAlgorithmHeader] = Tus.ChecksumAlgorithms;
        return TypedResults.NoContent();
    }

    public static async Task<IResult> CreateAsync(
        HttpContext http, EucaimDbContext db, IOptions<UploadOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (!SupportedVersion(request))
        {
            return UnsupportedVersion(http);
        }

        if (request.Headers.ContainsKey(Tus.DeferLengthHeader))
        {
            return UploadProblems.Header(Tus.DeferLengthHeader, "Deferred lengths are not supported: send Upload-Length.");
        }

        if (!Tus.TryParseLong(request.Headers[Tus.LengthHeader], out var length) || length < 1)
        {
            return UploadProblems.Header(Tus.LengthHeader, "Upload-Length (a positive number of bytes) is required.");
        }

        var limit = options.Value.MaxSizeBytes;
        if (length > limit)
        {
            return UploadProblems.TooLarge(limit, $"Upload-Length {length} is over Tus-Max-Size {limit}.");
        }

        var rawMetadata = request.Headers[Tus.MetadataHeader].ToString();
        var metadata = Tus.ParseMetadata(rawMetadata);
        if (metadata is null)
        {
            return UploadProblems.Header(Tus.MetadataHeader, "Upload-Metadata must be comma-separated 'key base64value' pairs with unique keys.");
        }

        if (!metadata.TryGetValue("dataset", out var datasetText) || !Guid.TryParse(datasetText, out var datasetId))
        {
            return UploadProblems.Header(Tus.MetadataHeader, "Upload-Metadata must name the dataset: 'dataset <base64 of its id>'.");
        }

        string? declared = null;
        if (metadata.TryGetValue("sha256", out var sha))
        {
            if (!Sha256Hex().IsMatch(sha))
            {
                return UploadProblems.Header(Tus.MetadataHeader, "Upload-Metadata 'sha256' must be 64 hexadecimal digits (the SHA-256 of the whole upload).");
            }

            declared = sha.ToLowerInvariant();
        }

        Guid? sessionId = null;
        if (metadata.TryGetValue("ingest", out var ingestText))
        {
            if (!Guid.TryParse(ingestText, out var parsed))
            {
                return UploadProblems.Header(Tus.MetadataHeader, "Upload-Metadata 'ingest' must be the id of an open ingest session.");
            }

            sessionId = parsed;
        }

        var key = request.Headers[Tus.IdempotencyKeyHeader].ToString();
        if (key.Length > 255)
        {
            return UploadProblems.Header(Tus.IdempotencyKeyHeader, "Idempotency-Key is at most 255 characters.");
        }

        var caller = PlatformIdentity.From(http.User);
        var author = caller.Subject ?? "unknown";
        if (key.Length > 0 && await ReplayAsync(http, db, author, key, length, rawMetadata, cancellationToken) is { } replay)
        {
            return replay;
        }

        var (dataset, draft, problem) = await UploadAccess.DraftForUploadAsync(db, caller, datasetId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        IngestJob job;
        if (sessionId is { } id)
        {
            var session = await UploadAccess.FindIngestAsync(db, caller, id, cancellationToken);
            if (session is null || session.DatasetId != datasetId)
            {
                return TypedResults.Problem(title: "Ingest session not found.", detail: $"No ingest {id} of dataset {datasetId} is visible to you.",
                    statusCode: StatusCodes.Status404NotFound, extensions: new Dictionary<string, object?> { ["field"] = "Upload-Metadata.ingest" });
            }

            if (!session.IsSession || session.State != IngestState.Open || session.VersionNumber != draft!.Number)
            {
                return TypedResults.Problem(title: "The ingest session is not open.", detail: $"Ingest {id} is {session.State}: open a new session.",
                    statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "Upload-Metadata.ingest" });
            }

            job = session;
        }
        else
        {
            job = new IngestJob
            {
                Id = Guid.CreateVersion7(now),
                DatasetId = datasetId,
                OrganizationKey = dataset!.OrganizationKey,
                VersionNumber = draft!.Number,
                State = IngestState.Open,
                CreatedBy = author,
                CreatedAt = now,
            };
            db.IngestJobs.Add(job);
        }

        var upload = new Upload
        {
            Id = Guid.CreateVersion7(now),
            IngestId = job.Id,
            DatasetId = datasetId,
            OrganizationKey = dataset!.OrganizationKey,
            Length = length,
            FileName = metadata.GetValueOrDefault("filename") ?? metadata.GetValueOrDefault("name"),
            Metadata = rawMetadata.Length > 0 ? rawMetadata : null,
            DeclaredSha256 = declared,
            State = UploadState.Receiving,
            IdempotencyKey = key.Length > 0 ? key : null,
            CreatedBy = author,
            CreatedAt = now,
            ExpiresAt = now + options.Value.Expiry,
        };
        db.Uploads.Add(upload);
        try
        {
            await db.SaveChangesWithAuditAsync([IngestAudit.UploadCreated(upload, http.Connection.RemoteIpAddress?.ToString())], cancellationToken);
        }
        catch (DbUpdateException ex) when (key.Length > 0 && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent retry with the same key won: answer as it was answered.
            db.ChangeTracker.Clear();
            return await ReplayAsync(http, db, author, key, length, rawMetadata, cancellationToken)
                ?? throw new InvalidOperationException("An idempotency key collided but no upload holds it.", ex);
        }

        return Created(http, upload);
    }

    /// <summary>The answer to a repeated creation: the same upload, or 422 when the key was used for a different one.</summary>
    private static async Task<IResult?> ReplayAsync(HttpContext http, EucaimDbContext db, string author, string key, long length, string metadata, CancellationToken cancellationToken)
    {
        var existing = await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.CreatedBy == author && u.IdempotencyKey == key, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        if (existing.Length != length || (existing.Metadata ?? "") != metadata)
        {
            return TypedResults.Problem(title: "Idempotency-Key reused for a different upload.",
                detail: "This key already created an upload with another Upload-Length or Upload-Metadata; use a new key.",
                statusCode: StatusCodes.Status422UnprocessableEntity, extensions: new Dictionary<string, object?> { ["header"] = Tus.IdempotencyKeyHeader });
        }

        return Created(http, existing);
    }

    private static IResult Created(HttpContext http, Upload upload)
    {
        http.Response.Headers[Tus.ExpiresHeader] = Tus.Date(upload.ExpiresAt);
        return TypedResults.Created($"{UploadsApi.Path}/{upload.Id}");
    }

    public static async Task<IResult> HeadAsync(Guid id, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var upload = await UploadAccess.FindAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        if (upload is null || IsExpired(upload, clock))
        {
            return UploadProblems.NotFound(id);
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers[Tus.OffsetHeader] = upload.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[Tus.LengthHeader] = upload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (upload.Metadata is not null)
        {
            headers[Tus.MetadataHeader] = upload.Metadata;
        }

        if (upload.State == UploadState.Receiving)
        {
            headers[Tus.ExpiresHeader] = Tus.Date(upload.ExpiresAt);
        }

        return TypedResults.Ok();
    }

    public static async Task<IResult> GetAsync(Guid id, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var upload = await UploadAccess.FindAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        return upload is null || IsExpired(upload, clock) ? UploadProblems.NotFound(id) : TypedResults.Ok(UploadView.Of(upload));
    }

    public static async Task<IResult> PatchAsync(
        Guid id, HttpContext http, EucaimDbContext db, UploadReceiver receiver, UploadCompletion completion, UploadHashes hashes,
        IOptions<UploadOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (!SupportedVersion(request))
        {
            return UnsupportedVersion(http);
        }

        if (!string.Equals(request.ContentType, Tus.OffsetContentType, StringComparison.OrdinalIgnoreCase))
        {
            return UploadProblems.Header("Content-Type", $"A chunk is sent as {Tus.OffsetContentType}.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (!Tus.TryParseLong(request.Headers[Tus.OffsetHeader], out var offset))
        {
            return UploadProblems.Header(Tus.OffsetHeader, "Upload-Offset (the byte offset this chunk starts at) is required.");
        }

        var (checksum, checksumError) = ChunkChecksum.Parse(request.Headers[Tus.ChecksumHeader]);
        if (checksumError is not null)
        {
            return UploadProblems.Header(Tus.ChecksumHeader, checksumError);
        }

        var caller = PlatformIdentity.From(http.User);
        var upload = await UploadAccess.FindAsync(db, caller, id, cancellationToken);
        if (upload is null || IsExpired(upload, clock))
        {
            return UploadProblems.NotFound(id);
        }

        // 413 before a byte of the body is read: the declared length, or (chunked) Kestrel's limit set to what remains.
        var remaining = upload.Length - upload.Offset;
        if (request.ContentLength is { } contentLength && contentLength > remaining && offset == upload.Offset)
        {
            return UploadProblems.TooLarge(upload.Length, $"The chunk has {contentLength} bytes but only {remaining} remain of Upload-Length {upload.Length}.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = Math.Max(remaining, 0);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var lockKey = BitConverter.ToInt64(id.ToByteArray(), 0);
        try
        {
            if (!await TryLockAsync(db, lockKey, cancellationToken))
            {
                return UploadProblems.Locked();
            }

            try
            {
                // The row as it is now that no other chunk can move it.
                await db.Entry(upload).ReloadAsync(cancellationToken);
                if (offset != upload.Offset)
                {
                    return UploadProblems.OffsetMismatch(upload.Offset);
                }

                if (upload.State != UploadState.Receiving)
                {
                    return Patched(http, upload);
                }

                var result = await receiver.ReceiveAsync(upload, request.Body, checksum, http.RequestAborted);
                if (result.Outcome == ChunkOutcome.Discarded)
                {
                    return result.DiscardStatus == StatusCodes.Status413PayloadTooLarge
                        ? UploadProblems.TooLarge(upload.Length, $"The chunk is longer than the {remaining} bytes that remain.")
                        : UploadProblems.ChunkChecksumMismatch();
                }

                var newOffset = upload.Offset + result.Accepted;
                var expires = clock.GetUtcNow() + options.Value.Expiry;
                if (result.Accepted > 0)
                {
                    var added = result.BlockOffsets.ToArray();
                    // CancellationToken.None: what was staged is recorded even when the client has gone.
                    var moved = await db.Database.ExecuteSqlAsync($"""
                        UPDATE uploads SET upload_offset = {newOffset}, block_offsets = block_offsets || {added}, expires_at = {expires}
                        WHERE id = {id} AND upload_offset = {upload.Offset} AND state = 'Receiving'
                        """, CancellationToken.None);
                    if (moved == 0)
                    {
                        result.Hash?.Dispose();
                        await db.Entry(upload).ReloadAsync(CancellationToken.None);
                        return UploadProblems.OffsetMismatch(upload.Offset);
                    }

                    await db.Entry(upload).ReloadAsync(CancellationToken.None);
                }

                if (upload.Offset == upload.Length)
                {
                    await completion.CompleteAsync(upload, result.Hash, CancellationToken.None);
                    if (upload.State == UploadState.ChecksumMismatch)
                    {
                        http.Response.Headers[Tus.OffsetHeader] = upload.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        return UploadProblems.WholeChecksumMismatch(upload.FailureReason);
                    }
                }
                else if (result.Hash is { } hash)
                {
                    hashes.Keep(id, hash);
                }

                return Patched(http, upload);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({lockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task<IResult> DeleteAsync(
        Guid id, HttpContext http, EucaimDbContext db, BlobServiceClient blobs, UploadHashes hashes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var upload = await UploadAccess.FindAsync(db, PlatformIdentity.From(http.User), id, cancellationToken);
        if (upload is null || IsExpired(upload, clock))
        {
            return UploadProblems.NotFound(id);
        }

        var job = await db.IngestJobs.SingleAsync(j => j.Id == upload.IngestId, cancellationToken);
        if (job.State != IngestState.Open)
        {
            return TypedResults.Problem(title: "The upload is already being ingested.",
                detail: $"Its ingest {job.Id} is {job.State}; an ingested upload is not terminated.", statusCode: StatusCodes.Status409Conflict);
        }

        await DiscardBlobAsync(blobs, upload, cancellationToken);
        hashes.Forget(id);
        db.Uploads.Remove(upload);
        if (!job.IsSession)
        {
            db.IngestJobs.Remove(job);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Committing an empty block list drops the uncommitted blocks; deleting the blob then removes everything.</summary>
    internal static async Task DiscardBlobAsync(BlobServiceClient blobs, Upload upload, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlockBlobClient(upload.BlobName);
        if (upload.State == UploadState.Receiving)
        {
            await blob.CommitBlockListAsync([], cancellationToken: cancellationToken);
        }

        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private static IResult Patched(HttpContext http, Upload upload)
    {
        http.Response.Headers[Tus.OffsetHeader] = upload.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (upload.State == UploadState.Receiving)
        {
            http.Response.Headers[Tus.ExpiresHeader] = Tus.Date(upload.ExpiresAt);
        }

        return TypedResults.NoContent();
    }

    private static async Task<bool> TryLockAsync(EucaimDbContext db, long key, CancellationToken cancellationToken)
    {
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").ToListAsync(cancellationToken);
        return locked.Single();
    }

    internal static bool IsExpired(Upload upload, TimeProvider clock) =>
        upload.State == UploadState.Receiving && upload.ExpiresAt <= clock.GetUtcNow();

    private static bool SupportedVersion(HttpRequest request) => request.Headers[Tus.ResumableHeader] == Tus.Version;

    private static IResult UnsupportedVersion(HttpContext http)
    {
        http.Response.Headers[Tus.VersionHeader] = Tus.Version;
        return UploadProblems.UnsupportedVersion();
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
