using System.Buffers;
using System.Globalization;
using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// The frames of one stored instance, cut out of its pixel data with byte-range reads of the blob:
/// native frames at <c>offset + (n-1) × frame size</c> (big endian data swapped to little endian),
/// encapsulated frames from their fragments; where each frame lies is <see cref="DicomFrames"/>'
/// rule. Memory holds at most one 64 KiB buffer.
/// </summary>
internal sealed class FrameSource
{
    private const int Chunk = 64 * 1024;

    private readonly WadoTarget _target;
    private readonly StoredInstance _instance;
    private readonly DicomPixelDataInfo _pixel;
    private IReadOnlyList<(long Offset, long Length)[]>? _frameFragments;

    private FrameSource(WadoTarget target, StoredInstance instance, DicomReadResult header, DicomPixelDataInfo pixel)
    {
        _target = target;
        _instance = instance;
        _pixel = pixel;
        Header = header.Dataset;
        Syntax = header.TransferSyntax;
        Rows = Header.GetInt32(DicomTags.Rows) ?? 0;
        Columns = Header.GetInt32(DicomTags.Columns) ?? 0;
        Samples = Header.GetInt32(DicomTags.SamplesPerPixel) ?? 1;
        BitsAllocated = Header.GetInt32(DicomTags.BitsAllocated) ?? 0;
        Frames = Math.Max(1, Header.GetInt32(DicomTags.NumberOfFrames) ?? 1);
    }

    public DicomDataset Header { get; }

    public DicomTransferSyntax Syntax { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int Samples { get; }

    public int BitsAllocated { get; }

    public int Frames { get; }

    public bool IsEncapsulated => _pixel.IsEncapsulated;

    public DicomTag PixelTag => _pixel.Tag;

    /// <summary>Bytes of one native frame, or null when frames are not whole bytes apart.</summary>
    public long? NativeFrameBytes => DicomFrames.NativeFrameBytes(Rows, Columns, Samples, BitsAllocated);

    /// <summary>The (media type, transfer syntax) each frame can be served as, best first; empty when none (406).</summary>
    public IReadOnlyList<(string MediaType, string TransferSyntax)> Offers
    {
        get
        {
            if (!IsEncapsulated)
            {
                return Syntax.IsDeflated || NativeFrameBytes is null ? [] : [(FrameMedia.OctetStream, FrameMedia.ExplicitVRLittleEndian)];
            }

            return FrameMedia.ForCompressed(Syntax.Uid) is { } media
                ? [.. FrameMedia.NamesOf(media).Append(FrameMedia.OctetStream).Distinct().Select(name => (name, Syntax.Uid))]
                : [];
        }
    }

    /// <summary>Why <see cref="Offers"/> is empty, in words for the 406.</summary>
    public string Unservable => !IsEncapsulated
        ? Syntax.IsDeflated ? "Frames of deflated instances are not served; retrieve the instance." : "The frames are not whole bytes apart (1-bit data)."
        : $"{Syntax.Name} is video: it has no frames to cut; retrieve the instance.";

    /// <summary>Reads the header of a stored instance; null when it has no pixel data.</summary>
    public static async Task<FrameSource?> OpenAsync(WadoTarget target, StoredInstance instance, CancellationToken cancellationToken)
    {
        await using var content = await target.OpenAsync(instance, cancellationToken);
        using var reader = new DicomReader(content);
        var header = reader.ReadHeader();
        return header.PixelData is { } pixel ? new FrameSource(target, instance, header, pixel) : null;
    }

    /// <summary>Copies frame <paramref name="frame"/> (1-based) to <paramref name="destination"/>; false when its boundaries cannot be found.</summary>
    public async Task<bool> CopyFrameAsync(int frame, Stream destination, CancellationToken cancellationToken)
    {
        if (!IsEncapsulated)
        {
            var size = NativeFrameBytes!.Value;
            var unit = Syntax.IsBigEndian ? _pixel.VR.BinaryUnitSize : 0;
            await CopyRangeAsync(_pixel.ValueOffset + ((frame - 1) * size), size, unit, destination, cancellationToken);
            return true;
        }

        _frameFragments ??= await MapFragmentsAsync(cancellationToken);
        if (_frameFragments is null)
        {
            return false;
        }

        foreach (var (offset, length) in _frameFragments[frame - 1])
        {
            await CopyRangeAsync(offset, length, 0, destination, cancellationToken);
        }

        return true;
    }

    /// <summary>Whether encapsulated frames can be told apart (walks the fragments once).</summary>
    public async Task<bool> CanCutFramesAsync(CancellationToken cancellationToken)
    {
        _frameFragments ??= await MapFragmentsAsync(cancellationToken);
        return _frameFragments is not null;
    }

    /// <summary>Reads one whole frame into memory (rendering needs it whole).</summary>
    public async Task<byte[]> ReadFrameAsync(int frame, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyFrameAsync(frame, buffer, cancellationToken);
        return buffer.ToArray();
    }

    private async Task CopyRangeAsync(long offset, long length, int swapUnit, Stream destination, CancellationToken cancellationToken)
    {
        await using var content = await _target.OpenRangeAsync(_instance, offset, length, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            var left = length;
            while (left > 0)
            {
                // Whole swap units per read, so a chunk boundary never splits a value.
                var want = (int)Math.Min(Chunk, left);
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The stored instance ends {left} byte(s) before the end of its pixel data."));
                }

                if (swapUnit > 1)
                {
                    DicomFrames.SwapToLittleEndian(buffer.AsSpan(0, read), swapUnit);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<IReadOnlyList<(long Offset, long Length)[]>?> MapFragmentsAsync(CancellationToken cancellationToken)
    {
        await using var content = await _target.OpenRangeAsync(_instance, _pixel.ValueOffset, null, cancellationToken);
        return await DicomFrames.MapFragmentsAsync(content, _pixel.ValueOffset, Frames, cancellationToken);
    }
}
