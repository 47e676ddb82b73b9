using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

/// <summary>The upload and ingest refusals, each naming the header or rule at fault (worded as the tus endpoint always did).</summary>
public static class UploadProblems
{
    public static Problem Header(string header, string detail) =>
        new(ProblemKind.Invalid, $"{header} is not valid.", detail) { Extensions = new Dictionary<string, object?> { ["header"] = header } };

    public static Problem NotFound(Guid id) =>
        new(ProblemKind.NotFound, "Upload not found.", $"No upload {id} is visible to you (it may have expired).");

    public static Problem IngestNotFound(Guid id) =>
        new(ProblemKind.NotFound, "Ingest not found.", $"No ingest {id} is visible to you.");

    public static Problem OffsetMismatch(long expected) => new(ProblemKind.Conflict,
        "Upload-Offset does not match the upload's offset.",
        $"The upload is at offset {expected}: send HEAD to learn it, then resume from there.")
    {
        Extensions = new Dictionary<string, object?> { ["header"] = TusHeaders.Offset, ["offset"] = expected },
    };

    /// <summary>A chunk for an upload whose bytes are all in: nothing more is taken, whatever the offset.</summary>
    public static Problem AlreadyComplete(Upload upload) => new(ProblemKind.Conflict,
        "The upload is already complete.",
        $"All {upload.Length} bytes of upload {upload.Id} are in (state {UploadStates.Name(upload.State)}): it takes no more bytes. Send another file as a new upload.")
    {
        Rule = "upload-complete",
        Extensions = new Dictionary<string, object?> { ["header"] = TusHeaders.Offset, ["offset"] = upload.Offset, ["state"] = UploadStates.Name(upload.State) },
    };

    public static Problem TooLarge(long limit, string rule) =>
        new(ProblemKind.TooLarge, "The upload is larger than allowed.", rule) { Extensions = new Dictionary<string, object?> { ["limit"] = limit } };

    public static Problem IdempotencyKeyReused() => new(ProblemKind.Unprocessable,
        "Idempotency-Key reused for a different upload.",
        "This key already created an upload with another Upload-Length or Upload-Metadata; use a new key.")
    {
        Extensions = new Dictionary<string, object?> { ["header"] = TusHeaders.IdempotencyKey },
    };

    public static Problem SessionNotFound(Guid id, Guid datasetId) =>
        new(ProblemKind.NotFound, "Ingest session not found.", $"No ingest {id} of dataset {datasetId} is visible to you.")
        {
            Extensions = new Dictionary<string, object?> { ["field"] = "Upload-Metadata.ingest" },
        };

    public static Problem SessionNotOpen(Guid id, IngestState state) =>
        new(ProblemKind.Conflict, "The ingest session is not open.", $"Ingest {id} is {state}: open a new session.")
        {
            Extensions = new Dictionary<string, object?> { ["field"] = "Upload-Metadata.ingest" },
        };
}
