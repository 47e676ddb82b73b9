using Eucaim.Core.Data;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// Moves new log text from the backend into <c>job_log_chunks</c>. The chunk and the backend cursor
/// are saved in one transaction, so after a restart the pump resumes exactly where it stopped: no
/// line is lost and none is stored twice.
/// </summary>
public sealed class JobLogPump(IJobBackend backend)
{
    /// <summary>Appends what is new; true when something was.</summary>
    public async Task<bool> PumpAsync(EucaimDbContext db, Job job, CancellationToken cancellationToken)
    {
        var read = await backend.ReadLogAsync(job, cancellationToken);
        if (read.Text.Length == 0)
        {
            job.LogCursor = read.Cursor ?? job.LogCursor;
            return false;
        }

        job.LogSequence++;
        db.JobLogChunks.Add(new JobLogChunk { JobId = job.Id, Sequence = job.LogSequence, Text = read.Text, At = DateTimeOffset.UtcNow });
        job.LogCursor = read.Cursor;
        await db.SaveChangesAsync(cancellationToken);
        await JobChanges.NotifyLogAsync(db, job.Id, cancellationToken);
        return true;
    }

    /// <summary>Reads until the backend has nothing more (the job has ended, so its log no longer grows).</summary>
    public async Task DrainAsync(EucaimDbContext db, Job job, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10_000 && await PumpAsync(db, job, cancellationToken); i++)
        {
        }
    }
}
