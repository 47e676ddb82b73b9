namespace Eucaim.Api.DicomWeb;

/// <summary>
/// The media types of frames (PS3.18 Table 8.7.3-2/-4): uncompressed frames are application/octet-stream
/// in Explicit VR Little Endian byte order; compressed frames go as stored, in the media type of their
/// transfer syntax. Video syntaxes have no frames to cut.
/// </summary>
internal static class FrameMedia
{
    public const string OctetStream = "application/octet-stream";
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public const string Rle = "image/dicom-rle";

    public const string RleHistorical = "image/x-dicom-rle";

    /// <summary>The media type of a frame encoded in <paramref name="transferSyntax"/>, or null for video.</summary>
    public static string? ForCompressed(string transferSyntax) => transferSyntax switch
    {
        "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70" => "image/jpeg",
        "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => "image/jls",
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" => "image/jp2",
        "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93" => "image/jpx",
        "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => "image/jphc",
        "1.2.840.10008.1.2.5" => Rle,
        _ when transferSyntax.StartsWith("1.2.840.10008.1.2.4.10", StringComparison.Ordinal) => null,
        _ => OctetStream,
    };

    /// <summary>
    /// The names a media type is asked by: RLE also by the name it had before PS3.18 registered
    /// <see cref="Rle"/>, which older clients (dicomweb-client among them) still send.
    /// </summary>
    public static IEnumerable<string> NamesOf(string mediaType) => mediaType == Rle ? [Rle, RleHistorical] : [mediaType];

    /// <summary>The transfer syntax a media type means when the Accept header names none (PS3.18 Table 8.7.3-4).</summary>
    public static string? DefaultTransferSyntax(string mediaType) => mediaType switch
    {
        "image/jpeg" => "1.2.840.10008.1.2.4.50",
        "image/jls" => "1.2.840.10008.1.2.4.80",
        "image/jp2" => "1.2.840.10008.1.2.4.90",
        "image/jpx" => "1.2.840.10008.1.2.4.92",
        "image/jphc" => "1.2.840.10008.1.2.4.201",
        Rle or RleHistorical => "1.2.840.10008.1.2.5",
        OctetStream => ExplicitVRLittleEndian,
        _ => null,
    };

    /// <summary>
    /// The (media type, transfer syntax) of the parts, from what the frames can be (<paramref name="offers"/>,
    /// best first) and what the Accept header allows; null when nothing fits (406).
    /// </summary>
    public static (string MediaType, string TransferSyntax)? Choose(IReadOnlyList<AcceptedMedia> accepted, IReadOnlyList<(string MediaType, string TransferSyntax)> offers)
    {
        foreach (var range in accepted)
        {
            if (!range.IsAnyType && !range.IsMultipart)
            {
                continue;
            }

            foreach (var offer in offers)
            {
                var part = range.ContentType;
                var typeFits = part is null or "*/*" || part == offer.MediaType;
                var syntaxFits = range.TransferSyntax is AcceptedMedia.AnyTransferSyntax || range.TransferSyntax == offer.TransferSyntax
                    || (range.TransferSyntax is null && (part is null or "*/*" || DefaultTransferSyntax(offer.MediaType) == offer.TransferSyntax));
                if (typeFits && syntaxFits)
                {
                    return offer;
                }
            }
        }

        return null;
    }
}
