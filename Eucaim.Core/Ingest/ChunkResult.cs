namespace Eucaim.Core.Ingest;

public enum ChunkOutcome
{
    /// <summary>The whole body was received and staged.</summary>
    Accepted,

    /// <summary>The client went away; the bytes received before are kept (no chunk checksum was sent).</summary>
    Interrupted,

    /// <summary>Nothing is kept: the chunk did not match its checksum, was cut short under a checksum, or was too long.</summary>
    Discarded,
}

/// <summary>Why a chunk was discarded.</summary>
public enum ChunkDiscard
{
    None,

    /// <summary>It did not match its Upload-Checksum, or arrived incomplete under one.</summary>
    ChecksumMismatch,

    /// <summary>It was longer than what remained of the upload.</summary>
    TooLong,
}

/// <summary>What receiving one PATCH body staged: the bytes accepted, the blocks to record, the running hash.</summary>
public sealed record ChunkResult(ChunkOutcome Outcome, long Accepted, IReadOnlyList<long> BlockOffsets, RunningHash? Hash, ChunkDiscard Discard = ChunkDiscard.None);

/// <summary>The body of one PATCH as the Api streams it into staged blocks of the upload's blob.</summary>
public interface IChunkSource
{
    /// <summary>The body's declared length (Content-Length), when it has one.</summary>
    long? DeclaredLength { get; }

    /// <summary>Refuses, while reading, any byte past <paramref name="remaining"/>.</summary>
    void LimitTo(long remaining);

    /// <summary>Stages the body into the upload's blob from its current offset; nothing is recorded yet.</summary>
    Task<ChunkResult> ReceiveAsync(Upload upload);
}
