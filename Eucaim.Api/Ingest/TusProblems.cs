using Eucaim.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Ingest;

/// <summary>The tus protocol's own answers (its headers, statuses 412, 415, 423 and 460); the upload rules' refusals come from Core.</summary>
internal static class TusProblems
{
    public static ProblemHttpResult Header(string header, string detail, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(title: $"{header} is not valid.", detail: detail, statusCode: status,
            extensions: new Dictionary<string, object?> { ["header"] = header });

    public static ProblemHttpResult ChunkChecksumMismatch() => TypedResults.Problem(
        type: ProblemTypes.TusChecksumMismatch,
        title: "Checksum mismatch.",
        detail: "The chunk does not match its Upload-Checksum (or arrived incomplete): it was discarded and the offset did not move; send it again.",
        statusCode: Tus.ChecksumMismatch,
        extensions: new Dictionary<string, object?> { ["header"] = Tus.ChecksumHeader });

    public static ProblemHttpResult WholeChecksumMismatch(string? reason) => TypedResults.Problem(
        type: ProblemTypes.TusChecksumMismatch,
        title: "The upload does not match its declared SHA-256.",
        detail: $"{reason} Nothing of it is ingested; upload the file again.",
        statusCode: Tus.ChecksumMismatch,
        extensions: new Dictionary<string, object?> { ["field"] = "Upload-Metadata.sha256" });

    public static ProblemHttpResult Locked() => TypedResults.Problem(
        type: ProblemTypes.Locked,
        title: "The upload is receiving another chunk.", detail: "Wait for the other PATCH to finish, then HEAD and resume.", statusCode: StatusCodes.Status423Locked);

    public static ProblemHttpResult UnsupportedVersion() => TypedResults.Problem(
        title: "Unsupported tus version.", detail: $"Send Tus-Resumable: {Tus.Version}.", statusCode: StatusCodes.Status412PreconditionFailed,
        extensions: new Dictionary<string, object?> { ["header"] = Tus.ResumableHeader });
}
