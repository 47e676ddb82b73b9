using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>Reads a stored instance's attributes from blob storage, one instance at a time, without loading its pixel data.</summary>
internal static class StoredInstanceReader
{
    /// <summary>
    /// Everything but the pixel data value. When native pixel data runs to the end of the blob the
    /// download stops in front of it, so metadata does not pull every image through the Api.
    /// </summary>
    public static async Task<DicomReadResult> ReadAsync(WadoTarget target, StoredInstance instance, CancellationToken cancellationToken)
    {
        var (content, length) = await target.OpenWithLengthAsync(instance, cancellationToken);
        await using (content)
        {
            // The reader is synchronous; the blob stream blocks this thread only while bytes arrive.
            using var reader = new DicomReader(content);
            var result = reader.ReadHeader();
            if (result.PixelData is { Length: { } pixelLength } pixel && !result.TransferSyntax.IsDeflated && pixel.ValueOffset + pixelLength >= length)
            {
                return result;
            }

            reader.SkipPixelData();
            reader.ReadTrailingElements();
            return result;
        }
    }
}
