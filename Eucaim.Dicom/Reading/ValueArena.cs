namespace Eucaim.Dicom;

/// <summary>
/// Hands out value buffers for one read: small values share a few chunks, so reading a header costs a
/// handful of allocations instead of one per element.
/// </summary>
internal sealed class ValueArena
{
    private const int DedicatedThreshold = 1024;
    private const int MaxChunk = 64 * 1024;

    private byte[] _chunk;
    private int _used;

    public ValueArena(int initialChunk = 2048) => _chunk = new byte[initialChunk];

    public Memory<byte> Allocate(int length)
    {
        if (length == 0)
        {
            return Memory<byte>.Empty;
        }

        if (length > DedicatedThreshold)
        {
            return new byte[length];
        }

        if (_chunk.Length - _used < length)
        {
            _chunk = new byte[Math.Min(MaxChunk, _chunk.Length * 2)];
            _used = 0;
        }

        var memory = _chunk.AsMemory(_used, length);
        _used += length;
        return memory;
    }
}
