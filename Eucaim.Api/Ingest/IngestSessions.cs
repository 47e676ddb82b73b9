using Eucaim.Core.Ingest;

namespace Eucaim.Api.Ingest;

internal static class IngestSessions
{
    public static void Queue(IngestJob job, DateTimeOffset now)
    {
        job.State = IngestState.Queued;
        job.QueuedAt = now;
    }
}
