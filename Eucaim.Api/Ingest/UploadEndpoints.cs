using System.Globalization;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Ingest;

/// <summary>The tus endpoint's HTTP: headers in, headers out. The upload rules are in the Core use cases.</summary>
internal static class UploadEndpoints
{
    public static IResult Options(HttpContext http, IOptions<UploadOptions> options)
    {
        var headers = http.Response.Headers;
        headers[Tus.VersionHeader] = Tus.Version;
        headers[Tus.ExtensionHeader] = Tus.Extensions;
        headers[Tus.MaxSizeHeader] = options.Value.MaxSizeBytes.ToString(CultureInfo.InvariantCulture);
        headers[Tus.ChecksumAlgorithmHeader] = Tus.ChecksumAlgorithms;
        return TypedResults.NoContent();
    }

    public static async Task<IResult> CreateAsync(
        HttpContext http, Caller caller, CreateUpload create, IOptions<UploadOptions> options, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (!SupportedVersion(request))
        {
            return UnsupportedVersion(http);
        }

        if (request.Headers.ContainsKey(Tus.DeferLengthHeader))
        {
            return TusProblems.Header(Tus.DeferLengthHeader, "Deferred lengths are not supported: send Upload-Length.");
        }

        long? length = Tus.TryParseLong(request.Headers[Tus.LengthHeader], out var parsed) ? parsed : null;
        var rawMetadata = request.Headers[Tus.MetadataHeader].ToString();
        var outcome = await create.RunAsync(caller.Actor, length, Tus.ParseMetadata(rawMetadata), rawMetadata,
            request.Headers[Tus.IdempotencyKeyHeader].ToString(), options.Value.MaxSizeBytes, options.Value.Expiry, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Problem.ToHttpProblem(caller);
        }

        http.Response.Headers[Tus.ExpiresHeader] = Tus.Date(outcome.Value.ExpiresAt);
        return TypedResults.Created($"{UploadsApi.Path}/{outcome.Value.Id}");
    }

    public static async Task<IResult> HeadAsync(Guid id, HttpContext http, Caller caller, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var upload = await IngestAccess.FindUploadAsync(db, caller.Identity, id, cancellationToken);
        if (upload is null || UploadOffsets.IsExpired(upload, clock.GetUtcNow()))
        {
            return UploadProblems.NotFound(id).ToHttpProblem(caller);
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers[Tus.OffsetHeader] = upload.Offset.ToString(CultureInfo.InvariantCulture);
        headers[Tus.LengthHeader] = upload.Length.ToString(CultureInfo.InvariantCulture);
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

    public static async Task<IResult> GetAsync(Guid id, Caller caller, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var upload = await IngestAccess.FindUploadAsync(db, caller.Identity, id, cancellationToken);
        return upload is null || UploadOffsets.IsExpired(upload, clock.GetUtcNow())
            ? UploadProblems.NotFound(id).ToHttpProblem(caller)
            : TypedResults.Ok(UploadResponse.Of(upload));
    }

    public static async Task<IResult> PatchAsync(
        Guid id, HttpContext http, Caller caller, AppendUploadChunk append, UploadReceiver receiver, IOptions<UploadOptions> options, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (!SupportedVersion(request))
        {
            return UnsupportedVersion(http);
        }

        if (!string.Equals(request.ContentType, Tus.OffsetContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TusProblems.Header("Content-Type", $"A chunk is sent as {Tus.OffsetContentType}.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (!Tus.TryParseLong(request.Headers[Tus.OffsetHeader], out var offset))
        {
            return TusProblems.Header(Tus.OffsetHeader, "Upload-Offset (the byte offset this chunk starts at) is required.");
        }

        var (checksum, checksumError) = ChunkChecksum.Parse(request.Headers[Tus.ChecksumHeader]);
        if (checksumError is not null)
        {
            return TusProblems.Header(Tus.ChecksumHeader, checksumError);
        }

        var chunk = new TusChunk(http, receiver, checksum);
        var outcome = await append.RunAsync(caller.Actor, id, offset, chunk, options.Value.Expiry, cancellationToken);
        return outcome.Succeeded ? Patched(http, outcome.Value) : outcome.Problem.ToHttpProblem(caller);
    }

    public static async Task<IResult> DeleteAsync(Guid id, Caller caller, TerminateUpload terminate, CancellationToken cancellationToken)
    {
        var outcome = await terminate.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Problem.ToHttpProblem(caller);
    }

    private static IResult Patched(HttpContext http, AppendedChunk appended)
    {
        var upload = appended.Upload;
        switch (appended.Answer)
        {
            case ChunkAnswer.Locked:
                return TusProblems.Locked();
            case ChunkAnswer.ChecksumMismatch:
                return TusProblems.ChunkChecksumMismatch();
            case ChunkAnswer.UploadChecksumMismatch:
                http.Response.Headers[Tus.OffsetHeader] = upload.Offset.ToString(CultureInfo.InvariantCulture);
                return TusProblems.WholeChecksumMismatch(upload.FailureReason);
        }

        http.Response.Headers[Tus.OffsetHeader] = upload.Offset.ToString(CultureInfo.InvariantCulture);
        if (upload.State == UploadState.Receiving)
        {
            http.Response.Headers[Tus.ExpiresHeader] = Tus.Date(upload.ExpiresAt);
        }

        return TypedResults.NoContent();
    }

    private static bool SupportedVersion(HttpRequest request) => request.Headers[Tus.ResumableHeader] == Tus.Version;

    private static IResult UnsupportedVersion(HttpContext http)
    {
        http.Response.Headers[Tus.VersionHeader] = Tus.Version;
        return TusProblems.UnsupportedVersion();
    }
}
