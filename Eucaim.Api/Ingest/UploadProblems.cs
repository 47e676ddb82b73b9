using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Ingest;

/// <summary>The tus endpoint's RFC 9457 answers, each naming the header or rule at fault.</summary>
internal static class UploadProblems
{
    public static ProblemHttpResult Header(string header, string detail, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(title: $"{header} is not valid.", detail: detail, statusCode: status,
            extensions: new Dictionary<string, object?> { ["header"] = header });

    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "Upload not found.", detail: $"No upload {id} is visible to you (it may have expired).", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult OffsetMismatch(long expected) => TypedResults.Problem(
        title: "Upload-Offset does not match the upload's offset.",
        detail: $"The upload is at offset {expected}: send HEAD to learn it, then resume from there.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["header"] = Tus.OffsetHeader, ["offset"] = expected });

    public static ProblemHttpResult TooLarge(long limit, string rule) => TypedResults.Problem(
        title: "The upload is larger than allowed.", detail: rule, statusCode: StatusCodes.Status413PayloadTooLarge,
        extensions: new Dictionary<string, object?> { ["limit"] = limit });

    public static ProblemHttpResult ChunkChecksumMismatch() => TypedResults.Problem(
        title: "Checksum mismatch.",
        detail: "The chunk does not match its Upload-Checksum (or arrived incomplete): it was discarded and the offset did not move; send it again.",
        statusCode: Tus.ChecksumMismatch,
        extensions: new Dictionary<string, object?> { ["header"] = Tus.ChecksumHeader });

    public static ProblemHttpResult WholeChecksumMismatch(string? reason) => TypedResults.Problem(
        title: "The upload does not match its declared SHA-256.",
        detail: $"{reason} Nothing of it is ingested; upload the file again.",
        statusCode: Tus.ChecksumMismatch,
        extensions: new Dictionary<string, object?> { ["field"] = "Upload-Metadata.sha256" });

    public static ProblemHttpResult Locked() => TypedResults.Problem(
        title: "The upload is receiving another chunk.", detail: "Wait for the other PATCH to finish, then HEAD and resume.", statusCode: StatusCodes.Status423Locked);

    public static ProblemHttpResult UnsupportedVersion() => TypedResults.Problem(
        title: "Unsupported tus version.", detail: $"Send Tus-Resumable: {Tus.Version}.", statusCode: StatusCodes.Status412PreconditionFailed,
        extensions: new Dictionary<string, object?> { ["header"] = Tus.ResumableHeader });
}
