using System.IO.Compression;
using System.Threading.Channels;
using Azure.Storage.Blobs;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Win32.SafeHandles;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// One ingest, step by step, each step idempotent: unpack (one <c>ingest_files</c> row per file,
/// created once) → for every file still pending: integrity check, tag extraction,
/// de-identification check or de-identification, store under the draft version, index (the
/// <see cref="InstanceStore"/>, which records the file's outcome in the index's transaction) →
/// report. A worker killed anywhere leaves rows that say exactly what is done; the next one
/// continues with the pending files, and UIDs already indexed are recognised, never duplicated.
/// </summary>
public sealed class IngestPipeline(IServiceScopeFactory scopes, BlobServiceClient blobs, IngestOptions options, ILogger<IngestPipeline> logger)
{
    public async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var workDirectory = Path.Combine(options.ResolvedWorkDirectory, jobId.ToString("N"));
        Directory.CreateDirectory(workDirectory);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var uow = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var db = uow.Db;
            var job = await db.IngestJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
            var uploads = await db.Uploads.AsNoTracking().Where(u => u.IngestId == jobId && u.State == UploadState.Complete).ToListAsync(cancellationToken);
            if (job.FilesTotal is null)
            {
                await UnpackAsync(db, job, uploads, workDirectory, cancellationToken);
            }

            await ProcessPendingAsync(job, uploads, workDirectory, cancellationToken);

            db.ChangeTracker.Clear();
            await uow.CommitAsync(async (unit, ct) =>
            {
                var finished = await unit.Db.IngestJobs.SingleAsync(j => j.Id == jobId, ct);
                finished.Report = (await IngestReportBuilder.BuildAsync(unit.Db, finished, ct)).ToJson();
                finished.State = IngestState.Completed;
                finished.CompletedAt = unit.Now;
                finished.LeasedBy = null;
                finished.LeaseExpiresAt = null;
                unit.Audit(IngestAudit.IngestCompleted(finished));

                // The quarantine copies served their purpose: the instances are stored, the rest is in the report.
                // Tombstones in this transaction, so a worker killed right after the commit cannot leave them behind.
                foreach (var upload in await unit.Db.Uploads.AsNoTracking().Where(u => u.IngestId == jobId).ToListAsync(ct))
                {
                    IngestBlobs.RecordUploadSweep(unit.Db, upload, $"ingest {jobId} completed", unit.Now);
                }

                await BlobSweeps.NotifyAsync(unit.Db, jobId, ct);
            }, cancellationToken);
        }

        TryDelete(workDirectory);
    }

    private async Task UnpackAsync(EucaimDbContext db, IngestJob job, List<Upload> uploads, string workDirectory, CancellationToken cancellationToken)
    {
        foreach (var upload in uploads)
        {
            var display = upload.FileName ?? upload.Id.ToString();
            if (!await IsZipAsync(upload, cancellationToken))
            {
                await AddFileAsync(db, job.Id, upload.Id, "", display, null, cancellationToken);
                continue;
            }

            var path = await DownloadAsync(upload, workDirectory, cancellationToken);
            try
            {
                using var archive = ZipInspection.Open(path);
                var (entries, refusal) = ZipInspection.Inspect(archive, options);
                if (refusal is not null)
                {
                    await AddFileAsync(db, job.Id, upload.Id, "", display, refusal, cancellationToken);
                    continue;
                }

                foreach (var chunk in entries.Chunk(1000))
                {
                    await AddEntriesAsync(db, job.Id, upload.Id, chunk.Select(e => (e.FullName, $"{display}/{e.FullName}")).ToList(), cancellationToken);
                }
            }
            catch (InvalidDataException ex)
            {
                await AddFileAsync(db, job.Id, upload.Id, "", display, $"The archive cannot be read: {ex.Message}", cancellationToken);
            }
        }

        var total = await db.IngestFiles.CountAsync(f => f.JobId == job.Id, cancellationToken);
        await db.Database.ExecuteSqlAsync($"UPDATE ingest_jobs SET files_total = {total} WHERE id = {job.Id}", cancellationToken);
        logger.LogInformation("Ingest {Job}: {Files} files to process.", job.Id, total);
    }

    private static Task AddFileAsync(EucaimDbContext db, Guid jobId, Guid uploadId, string entry, string display, string? refusal, CancellationToken cancellationToken)
    {
        var state = (refusal is null ? IngestFileState.Pending : IngestFileState.Rejected).ToString();
        var findings = refusal is null ? null : IngestFindings.ToJson([IngestFindings.Error(IngestFindings.UnsafeArchive, refusal)]);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO ingest_files (id, job_id, upload_id, entry_name, display_name, state, findings)
            VALUES ({Guid.CreateVersion7()}, {jobId}, {uploadId}, {entry}, {display}, {state}, {findings}::jsonb)
            ON CONFLICT (job_id, upload_id, entry_name) DO NOTHING
            """, cancellationToken);
    }

    /// <summary>Pending rows for an archive's entries, many in one statement (one round trip per thousand entries, not per entry).</summary>
    private static Task AddEntriesAsync(EucaimDbContext db, Guid jobId, Guid uploadId, List<(string Entry, string Display)> entries, CancellationToken cancellationToken)
    {
        var ids = entries.Select(_ => Guid.CreateVersion7()).ToArray();
        var names = entries.Select(e => e.Entry).ToArray();
        var displays = entries.Select(e => e.Display).ToArray();
        var pending = IngestFileState.Pending.ToString();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO ingest_files (id, job_id, upload_id, entry_name, display_name, state)
            SELECT e.id, {jobId}, {uploadId}, e.entry_name, e.display_name, {pending}
            FROM unnest({ids}, {names}, {displays}) AS e(id, entry_name, display_name)
            ON CONFLICT (job_id, upload_id, entry_name) DO NOTHING
            """, cancellationToken);
    }

    /// <summary>Reads pending files upload by upload (archive entries in order) and stores them <see cref="IngestOptions.Parallelism"/> at a time.</summary>
    private async Task ProcessPendingAsync(IngestJob job, List<Upload> uploads, string workDirectory, CancellationToken cancellationToken)
    {
        List<IngestFile> pending;
        DatasetIngestPolicy? policy;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
            pending = await db.IngestFiles.AsNoTracking().Where(f => f.JobId == job.Id && f.State == IngestFileState.Pending)
                .OrderBy(f => f.UploadId).ThenBy(f => f.EntryName).ToListAsync(cancellationToken);
            policy = await db.DatasetIngestPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.DatasetId == job.DatasetId, cancellationToken);
        }

        // Batches, not files: a batch's index rows are written in one transaction (see InstanceStore). At most
        // Parallelism batches being stored, as many waiting and one being read: memory bounded by IngestBatch.MaxBytes.
        var queue = Channel.CreateBounded<List<Pending>>(options.Parallelism);
        // A failing consumer stops the reader too, instead of leaving it blocked on a full queue.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consumers = Enumerable.Range(0, options.Parallelism).Select(_ => Task.Run(async () =>
        {
            try
            {
                await ConsumeAsync(job, policy, queue.Reader, cancellationToken);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }, cancellationToken)).ToList();

        try
        {
            await ProduceAsync(pending, uploads, workDirectory, queue.Writer, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A consumer failed: its exception is the one to report (below).
        }
        finally
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(consumers);
        }
    }

    private async Task ConsumeAsync(IngestJob job, DatasetIngestPolicy? policy, ChannelReader<List<Pending>> reader, CancellationToken cancellationToken)
    {
        await foreach (var batch in reader.ReadAllAsync(cancellationToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<InstanceStore>();
            var offered = batch.Select(p => new OfferedInstance(p.Content is null ? default(ArraySegment<byte>?) : p.Content, p.File.DisplayName, (job.Id, p.File.Id),
                p.Content is null ? [IngestFindings.Error(IngestFindings.FileTooLarge, p.Problem!)] : null, p.Sha256, p.Deflated)).ToList();
            await store.StoreBatchAsync(job.DatasetId, job.VersionNumber, policy, offered, cancellationToken);
        }
    }

    /// <summary>A pending file read for storing: its bytes (their SHA-256 and deflate stream when had while reading), or why they could not be read.</summary>
    private sealed record Pending(IngestFile File, byte[]? Content, string? Problem, string? Sha256 = null, byte[]? Deflated = null);

    /// <summary>Gathers files into batches of <see cref="IngestBatch"/> size.</summary>
    private sealed class Batcher(ChannelWriter<List<Pending>> queue)
    {
        private List<Pending> _batch = [];
        private long _bytes;

        public async Task AddAsync(Pending pending, CancellationToken cancellationToken)
        {
            _batch.Add(pending);
            _bytes += pending.Content?.Length ?? 0;
            if (IngestBatch.IsFull(_batch.Count, _bytes))
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_batch.Count > 0)
            {
                await queue.WriteAsync(_batch, cancellationToken);
                _batch = [];
                _bytes = 0;
            }
        }
    }

    private async Task ProduceAsync(List<IngestFile> pending, List<Upload> uploads, string workDirectory,
        ChannelWriter<List<Pending>> queue, CancellationToken cancellationToken)
    {
        var batcher = new Batcher(queue);
        foreach (var group in pending.GroupBy(f => f.UploadId))
        {
            var upload = uploads.Single(u => u.Id == group.Key);
            if (group.All(f => f.EntryName.Length == 0))
            {
                var file = group.Single();
                var content = upload.Length > options.MaxFileBytes ? null
                    : (await blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlobClient(upload.BlobName).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
                await batcher.AddAsync(new Pending(file, content, $"The file has {upload.Length} bytes; at most {options.MaxFileBytes} are accepted."), cancellationToken);
                continue;
            }

            var path = await DownloadAsync(upload, workDirectory, cancellationToken);
            using var archive = ZipInspection.Open(path);
            using var handle = File.OpenHandle(path);
            var records = ZipEntryData.Locate(handle, archive);
            var entries = archive.Entries.Select((e, i) => (Entry: e, Record: records?[i])).ToDictionary(e => e.Entry.FullName, StringComparer.Ordinal);
            foreach (var file in group)
            {
                var read = entries.TryGetValue(file.EntryName, out var entry)
                    ? ReadEntry(file, entry.Entry, entry.Record, handle, cancellationToken)
                    : new Pending(file, null, Unreadable(file));
                await batcher.AddAsync(read, cancellationToken);
            }
        }

        await batcher.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// An entry's bytes and SHA-256; for a small deflated entry also its deflate stream, so that it is stored as the
    /// archive held it (<see cref="DeflatedInstances"/>): inflated from that very copy, so the two cannot differ.
    /// </summary>
    private static Pending ReadEntry(IngestFile file, ZipArchiveEntry entry, ZipEntryData.Record? record, SafeFileHandle archive, CancellationToken cancellationToken)
    {
        if (record is { IsDeflated: true } && DeflatedInstances.Keep(record.Length, record.CompressedLength)
            && ZipEntryData.ReadStored(archive, record) is { } deflated)
        {
            var inflated = ZipInspection.Inflate(deflated, record, cancellationToken);
            return new Pending(file, inflated?.Content, Unreadable(file), inflated?.Sha256, inflated is null ? null : deflated);
        }

        var read = ZipInspection.Read(entry, cancellationToken);
        return new Pending(file, read?.Content, Unreadable(file), read?.Sha256);
    }

    private static string Unreadable(IngestFile file) => $"Entry '{file.EntryName}' is missing, damaged or inflates to more than its declared size.";

    private async Task<bool> IsZipAsync(Upload upload, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlobClient(upload.BlobName);
        var head = await blob.DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions { Range = new Azure.HttpRange(0, 4) }, cancellationToken);
        var bytes = head.Value.Content.ToArray();
        return bytes.Length == 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] is 3 or 5 && bytes[3] is 4 or 6;
    }

    /// <summary>Archives are read from a local copy (random access to the central directory); a copy left by a killed worker is reused only when complete.</summary>
    private async Task<string> DownloadAsync(Upload upload, string workDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workDirectory, upload.Id.ToString("N") + ".zip");
        if (File.Exists(path) && new FileInfo(path).Length == upload.Length)
        {
            return path;
        }

        var partial = path + ".part";
        await blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlobClient(upload.BlobName).DownloadToAsync(partial, cancellationToken);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    private void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not remove {Directory}.", directory);
        }
    }
}
