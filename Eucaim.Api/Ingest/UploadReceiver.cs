using System.Buffers;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Contracts;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Ingest;

/// <summary>
/// Streams one PATCH body into staged blocks of the upload's blob: a block is read while up to
/// <see cref="UploadOptions.ParallelBlocks"/> earlier ones are staged, so memory stays at a few
/// blocks whatever the upload's size. Each block carries an MD5 (Content-MD5) the storage service verifies (Azurite does not acknowledge CRC64 structured messages).
/// Nothing becomes part of the upload until the caller records the returned block offsets.
/// </summary>
internal sealed class UploadReceiver(BlobServiceClient blobs, IOptions<UploadOptions> options, UploadHashes hashes, ILogger<UploadReceiver> logger)
{
    private static readonly TimeSpan StagingTimeout = TimeSpan.FromMinutes(10);

    public async Task<ChunkResult> ReceiveAsync(Upload upload, Stream body, ChunkChecksum? checksum, CancellationToken requestAborted)
    {
        var settings = options.Value;
        var blob = blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlockBlobClient(upload.BlobName);
        var hash = hashes.Take(upload.Id, upload.Offset);
        using var chunkHasher = checksum?.CreateHasher();
        // Staging continues when the client disconnects, so that what arrived can be kept.
        using var staging = new CancellationTokenSource(StagingTimeout);
        var inFlight = new List<(long Offset, Task Task)>();
        var position = upload.Offset;
        var buffer = ArrayPool<byte>.Shared.Rent(settings.BlockSizeBytes);
        var filled = 0;
        var interrupted = false;
        var tooLong = false;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(filled, settings.BlockSizeBytes - filled), requestAborted);
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    tooLong = true;
                    break;
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
                {
                    interrupted = true;
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                var data = buffer.AsSpan(filled, read);
                hash?.Append(data);
                chunkHasher?.AppendData(data);
                filled += read;
                if (filled == settings.BlockSizeBytes)
                {
                    inFlight.Add((position, StageAsync(blob, position, buffer, filled, staging.Token)));
                    position += filled;
                    buffer = ArrayPool<byte>.Shared.Rent(settings.BlockSizeBytes);
                    filled = 0;
                    await ThrottleAsync(inFlight, settings.ParallelBlocks);
                }
            }

            var discard = tooLong || (interrupted && checksum is not null)
                || (checksum is not null && !chunkHasher!.GetHashAndReset().AsSpan().SequenceEqual(checksum.Expected));
            if (discard)
            {
                await Task.WhenAll(inFlight.Select(f => f.Task)).ContinueWith(_ => { }, TaskScheduler.Default);
                hash?.Dispose();
                return new ChunkResult(ChunkOutcome.Discarded, 0, [], null, tooLong ? ChunkDiscard.TooLong : ChunkDiscard.ChecksumMismatch);
            }

            if (filled > 0)
            {
                inFlight.Add((position, StageAsync(blob, position, buffer, filled, staging.Token)));
                position += filled;
                buffer = [];
            }

            return await SettleAsync(upload, inFlight, position, hash, interrupted);
        }
        finally
        {
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Waits for every staged block; keeps the blocks up to the first failure when the client was gone anyway.</summary>
    private async Task<ChunkResult> SettleAsync(Upload upload, List<(long Offset, Task Task)> inFlight, long end, RunningHash? hash, bool interrupted)
    {
        var kept = new List<long>();
        var accepted = upload.Offset;
        for (var i = 0; i < inFlight.Count; i++)
        {
            try
            {
                await inFlight[i].Task;
                kept.Add(inFlight[i].Offset);
                accepted = i + 1 < inFlight.Count ? inFlight[i + 1].Offset : end;
            }
            catch (Exception ex) when (interrupted)
            {
                logger.LogWarning(ex, "Staging a block of upload {Upload} failed after the client disconnected; keeping {Bytes} bytes.", upload.Id, accepted);
                await Task.WhenAll(inFlight.Skip(i + 1).Select(f => f.Task)).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
            }
        }

        return new ChunkResult(interrupted ? ChunkOutcome.Interrupted : ChunkOutcome.Accepted, accepted - upload.Offset, kept, hash);
    }

    private static async Task StageAsync(BlockBlobClient blob, long offset, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new MemoryStream(buffer, 0, count, writable: false);
            await blob.StageBlockAsync(BlobLayout.Quarantine.BlockId(offset), content, new BlockBlobStageBlockOptions
            {
                TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            }, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task ThrottleAsync(List<(long Offset, Task Task)> inFlight, int parallel)
    {
        while (inFlight.Count(f => !f.Task.IsCompleted) >= parallel)
        {
            await Task.WhenAny(inFlight.Where(f => !f.Task.IsCompleted).Select(f => f.Task));
        }

        // A failed block fails the chunk at once rather than after the whole body was read.
        if (inFlight.FirstOrDefault(f => f.Task.IsFaulted) is { Task: not null } failed)
        {
            await failed.Task;
        }
    }
}
