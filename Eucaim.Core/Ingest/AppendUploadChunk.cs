using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>How a received chunk is answered beyond the refusals every endpoint has (the tus protocol's own statuses).</summary>
public enum ChunkAnswer
{
    /// <summary>Recorded (or nothing to record): answer with the upload's offset.</summary>
    Appended,

    /// <summary>Another PATCH holds the upload.</summary>
    Locked,

    /// <summary>The chunk did not match its Upload-Checksum: discarded, the offset did not move.</summary>
    ChecksumMismatch,

    /// <summary>The last chunk completed the upload, whose bytes do not hash to the declared SHA-256.</summary>
    UploadChecksumMismatch,
}

public sealed record AppendedChunk(Upload Upload, ChunkAnswer Answer);

/// <summary>
/// tus PATCH: appends a chunk at the upload's offset. One chunk at a time per upload (a session
/// advisory lock); the offset moves only by a conditional update after the bytes are staged, so a
/// crash or a racing request never records bytes twice or loses recorded ones. The last chunk completes the upload.
/// </summary>
public sealed class AppendUploadChunk(EucaimDbContext db, CompleteUpload completion, UploadHashes hashes, TimeProvider clock)
{
    public async Task<Outcome<AppendedChunk>> RunAsync(Actor actor, Guid id, long offset, IChunkSource chunk, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var upload = await IngestAccess.FindUploadAsync(db, actor.Identity, id, cancellationToken);
        if (upload is null || UploadOffsets.IsExpired(upload, clock.GetUtcNow()))
        {
            return UploadProblems.NotFound(id);
        }

        if (UploadOffsets.RefuseAfterCompletion(upload, offset, chunk.DeclaredLength) is { } complete)
        {
            return complete;
        }

        // 413 before a byte of the body is read: the declared length, or (chunked) the reading limit set to what remains.
        var remaining = UploadOffsets.Remaining(upload);
        if (UploadOffsets.RefuseDeclaredChunk(upload, offset, chunk.DeclaredLength) is { } tooLarge)
        {
            return tooLarge;
        }

        chunk.LimitTo(Math.Max(remaining, 0));
        await db.Database.OpenConnectionAsync(cancellationToken);
        var lockKey = BitConverter.ToInt64(id.ToByteArray(), 0);
        try
        {
            if (!await TryLockAsync(lockKey, cancellationToken))
            {
                return new AppendedChunk(upload, ChunkAnswer.Locked);
            }

            try
            {
                return await AppendLockedAsync(upload, offset, remaining, chunk, expiry, cancellationToken);
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

    private async Task<Outcome<AppendedChunk>> AppendLockedAsync(
        Upload upload, long offset, long remaining, IChunkSource chunk, TimeSpan expiry, CancellationToken cancellationToken)
    {
        // The row as it is now that no other chunk can move it.
        await db.Entry(upload).ReloadAsync(cancellationToken);
        var mayReceive = UploadOffsets.MayReceive(upload, offset);
        if (!mayReceive.Succeeded || !mayReceive.Value)
        {
            return mayReceive.Succeeded ? new AppendedChunk(upload, ChunkAnswer.Appended) : mayReceive.Problem;
        }

        var result = await chunk.ReceiveAsync(upload);
        switch (result.Discard)
        {
            case ChunkDiscard.TooLong:
                return UploadOffsets.ChunkTooLong(upload, remaining);
            case ChunkDiscard.ChecksumMismatch:
                return new AppendedChunk(upload, ChunkAnswer.ChecksumMismatch);
        }

        // CancellationToken.None from here on: what was staged is recorded even when the client has gone.
        if (result.Accepted > 0)
        {
            var newOffset = upload.Offset + result.Accepted;
            var expires = clock.GetUtcNow() + expiry;
            var added = result.BlockOffsets.ToArray();
            var moved = await db.Database.ExecuteSqlAsync($"""
                UPDATE uploads SET upload_offset = {newOffset}, block_offsets = block_offsets || {added}, expires_at = {expires}
                WHERE id = {upload.Id} AND upload_offset = {upload.Offset} AND state = 'Receiving'
                """, CancellationToken.None);
            await db.Entry(upload).ReloadAsync(CancellationToken.None);
            if (moved == 0)
            {
                result.Hash?.Dispose();
                return UploadProblems.OffsetMismatch(upload.Offset);
            }
        }

        if (upload.Offset == upload.Length)
        {
            var completed = await completion.RunAsync(upload, result.Hash, CancellationToken.None);
            if (!completed.Succeeded)
            {
                return completed.Problem;
            }

            var answer = completed.Value.State == UploadState.ChecksumMismatch ? ChunkAnswer.UploadChecksumMismatch : ChunkAnswer.Appended;
            return new AppendedChunk(completed.Value, answer);
        }

        if (result.Hash is { } hash)
        {
            hashes.Keep(upload.Id, hash);
        }

        return new AppendedChunk(upload, ChunkAnswer.Appended);
    }

    private async Task<bool> TryLockAsync(long key, CancellationToken cancellationToken)
    {
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").ToListAsync(cancellationToken);
        return locked.Single();
    }
}
