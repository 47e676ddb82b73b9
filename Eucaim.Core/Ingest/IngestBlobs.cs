using Eucaim.Core.Data;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Ingest;

/// <summary>The tombstones of an ingest's blobs in quarantine.</summary>
public static class IngestBlobs
{
    /// <summary>The upload's blob, committed or only staged blocks; its name is unique to it, so the prefix takes exactly that blob.</summary>
    public static BlobSweep RecordUploadSweep(EucaimDbContext db, Upload upload, string reason, DateTimeOffset now) =>
        BlobSweeps.Record(db, BlobContainers.Quarantine, upload.BlobName, reason, now);
}
