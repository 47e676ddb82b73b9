using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Eucaim.Core.Ingest;

/// <summary>
/// The running SHA-256 of uploads this instance received, so that completion does not read the
/// whole blob back. A hash is trusted only when it covers exactly the bytes recorded (its offset
/// equals the upload's); after a restart, on another instance, or after a discarded chunk the
/// completion hashes the committed blob instead.
/// </summary>
public sealed class UploadHashes
{
    private readonly ConcurrentDictionary<Guid, RunningHash> _hashes = new();

    /// <summary>Takes the running hash if it covers exactly <paramref name="offset"/> bytes; otherwise starts one at 0 or none.</summary>
    public RunningHash? Take(Guid uploadId, long offset)
    {
        if (_hashes.TryRemove(uploadId, out var hash) && hash.Offset == offset)
        {
            return hash;
        }

        hash?.Dispose();
        return offset == 0 ? new RunningHash() : null;
    }

    public void Keep(Guid uploadId, RunningHash hash)
    {
        if (!_hashes.TryAdd(uploadId, hash))
        {
            hash.Dispose();
        }
    }

    public void Forget(Guid uploadId)
    {
        if (_hashes.TryRemove(uploadId, out var hash))
        {
            hash.Dispose();
        }
    }
}

public sealed class RunningHash : IDisposable
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Offset { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _sha256.AppendData(data);
        Offset += data.Length;
    }

    public string Finish() => Convert.ToHexStringLower(_sha256.GetHashAndReset());

    public void Dispose() => _sha256.Dispose();
}
