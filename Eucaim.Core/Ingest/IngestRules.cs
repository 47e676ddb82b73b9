using Eucaim.Core.Catalogue;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

/// <summary>The rules of uploading into a draft and of ingest sessions, without a database.</summary>
public static class IngestRules
{
    /// <summary>Only a draft takes data, and never on an invalidated dataset: published versions never change.</summary>
    public static Outcome<(Dataset Dataset, DatasetVersion Draft)> DraftForUpload(LoadedDataset loaded)
    {
        if (loaded.Dataset.State == DatasetState.Invalidated)
        {
            return CatalogueProblems.Conflict("The dataset is invalidated.", "An invalidated dataset takes no new data.");
        }

        if (loaded.Draft is not { } draft)
        {
            return CatalogueProblems.Conflict("The dataset has no draft.",
                "Published versions never change: start the next version with PUT /api/datasets/{id}/draft, then upload into it.");
        }

        return (loaded.Dataset, draft);
    }

    /// <summary>An upload joins a session only while it is open and gathers uploads for the current draft.</summary>
    public static Outcome<IngestJob> JoinableSession(IngestJob? session, Guid sessionId, Guid datasetId, int draftNumber)
    {
        if (session is null || session.DatasetId != datasetId)
        {
            return UploadProblems.SessionNotFound(sessionId, datasetId);
        }

        return !session.IsSession || session.State != IngestState.Open || session.VersionNumber != draftNumber
            ? UploadProblems.SessionNotOpen(sessionId, session.State)
            : session;
    }

    /// <summary>A new ingest (a session, or the single-upload ingest an upload without one gets), open on the draft.</summary>
    public static IngestJob Open(Dataset dataset, DatasetVersion draft, bool isSession, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        DatasetId = dataset.Id,
        OrganizationKey = dataset.OrganizationKey,
        VersionNumber = draft.Number,
        State = IngestState.Open,
        IsSession = isSession,
        CreatedBy = by,
        CreatedAt = now,
    };

    /// <summary>
    /// A draft whose ingests are all finished (completed or failed) is publishable; an ingest still
    /// open, queued or running blocks it, because its report is not final and its instances are not all indexed.
    /// </summary>
    public static Problem? RefusePublicationWhileIngesting(IReadOnlyList<Guid> unfinishedIngests) => unfinishedIngests.Count == 0
        ? null
        : new Problem(ProblemKind.Conflict, "The draft's ingest is not validated yet.",
            $"Ingests {string.Join(", ", unfinishedIngests)} are still open, queued or running: publish once their reports are complete (or terminate their uploads).")
        {
            Extensions = new Dictionary<string, object?> { ["ingests"] = unfinishedIngests },
        };

    /// <summary>Queues an ingest for the worker.</summary>
    public static void Queue(IngestJob job, DateTimeOffset now)
    {
        job.State = IngestState.Queued;
        job.QueuedAt = now;
    }

    /// <summary>
    /// A session completes once none of its uploads still receives and at least one is complete:
    /// the uploads in progress block it (409, listing them), as does a session with nothing to ingest.
    /// </summary>
    public static Problem? RefuseSessionCompletion(IReadOnlyList<Upload> uploads)
    {
        var receiving = uploads.Where(u => u.State == UploadState.Receiving).Select(u => u.Id).ToList();
        if (receiving.Count > 0)
        {
            return new Problem(ProblemKind.Conflict, "Uploads are still in progress.", $"Finish or terminate the uploads {string.Join(", ", receiving)} first.")
            {
                Extensions = new Dictionary<string, object?> { ["uploads"] = receiving },
            };
        }

        return uploads.Any(u => u.State == UploadState.Complete)
            ? null
            : new Problem(ProblemKind.Conflict, "Nothing to ingest.", "The session has no complete upload.");
    }

    /// <summary>An upload is terminated only while its ingest is open: an ingested upload stays.</summary>
    public static Problem? RefuseTermination(IngestJob job) => job.State == IngestState.Open
        ? null
        : new Problem(ProblemKind.Conflict, "The upload is already being ingested.", $"Its ingest {job.Id} is {job.State}; an ingested upload is not terminated.");

    /// <summary>
    /// An ingest may be abandoned (deleted with its uploads) only while nothing of it is in the
    /// draft: open (a session or a single upload still receiving) or failed. Queued and running
    /// ones are being stored; a completed one's instances are in the draft (delete the draft to remove them).
    /// </summary>
    public static Problem? RefuseAbandon(IngestJob job) => job.State switch
    {
        IngestState.Open or IngestState.Failed => null,
        IngestState.Completed => new Problem(ProblemKind.Conflict, "The ingest is completed.",
            $"Ingest {job.Id} stored its instances in the draft and its report is kept; to remove them, delete the draft dataset.")
        {
            Rule = "ingest-completed",
        },
        _ => new Problem(ProblemKind.Conflict, "The ingest is being processed.",
            $"Ingest {job.Id} is {job.State.ToString().ToLowerInvariant()}: wait for its report (GET /api/ingests/{job.Id}), then delete the draft if you do not want its instances.")
        {
            Rule = "ingest-in-progress",
        },
    };

    /// <summary>
    /// The outcome of an upload whose bytes are all in: complete, or failed when they do not hash to
    /// the declared SHA-256. A single-upload ingest is then queued (or failed with it); a session waits.
    /// </summary>
    /// <returns>Whether the upload's ingest was queued.</returns>
    public static bool Complete(Upload upload, IngestJob job, string sha256, DateTimeOffset now)
    {
        upload.Sha256 = sha256;
        upload.CompletedAt = now;
        if (upload.DeclaredSha256 is { } declared && declared != sha256)
        {
            upload.State = UploadState.ChecksumMismatch;
            upload.FailureReason = $"The uploaded bytes hash to {sha256}, not to the declared {declared}.";
        }
        else
        {
            upload.State = UploadState.Complete;
        }

        if (job.IsSession || job.State != IngestState.Open)
        {
            return false;
        }

        if (upload.State == UploadState.Complete)
        {
            Queue(job, now);
            return true;
        }

        job.State = IngestState.Failed;
        job.FailureReason = upload.FailureReason;
        job.CompletedAt = now;
        return false;
    }
}
