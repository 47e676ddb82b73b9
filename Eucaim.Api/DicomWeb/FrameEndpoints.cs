using System.Globalization;
using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// WADO-RS frames (PS3.18 10.4.1.1.4): <c>.../frames/1,3</c> as multipart/related, one part per frame in the
/// order asked. Uncompressed frames are application/octet-stream (Explicit VR Little Endian byte order);
/// compressed frames are returned as stored in their own media type (image/jpeg, image/jls, image/jp2,
/// image/dicom-rle...), or as application/octet-stream when that type is asked with their transfer syntax or
/// <c>transfer-syntax=*</c>. Every part carries its transfer-syntax. Nothing is decoded or transcoded: 406 otherwise.
/// </summary>
internal static class FrameEndpoints
{
    public static async Task FramesAsync(
        Guid id, string study, string series, string instance, string frames, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        if (ParseFrameList(frames) is not { } numbers)
        {
            await WadoProblems.BadRequest("Invalid frame list.", $"'{frames}' is not a comma-separated list of frame numbers counted from 1, such as 1,3.")
                .ExecuteAsync(http);
            return;
        }

        var (source, problem) = await OpenAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);
        if (source is null)
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        if (numbers.FirstOrDefault(n => n > source.Frames) is var missing and > 0)
        {
            await WadoProblems.NotFound($"Frame {missing} does not exist: the instance has {source.Frames} frame(s).").ExecuteAsync(http);
            return;
        }

        await WriteFramesAsync(http, source, numbers, cancellationToken);
    }

    /// <summary>The instance's frames, or the problem to answer (404 without pixel data).</summary>
    public static async Task<(FrameSource? Source, IResult? Problem)> OpenAsync(
        Guid id, string study, string series, string instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var (target, problem) = await WadoTarget.FindAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);
        if (target is null)
        {
            return (null, problem);
        }

        var source = await FrameSource.OpenAsync(target, target.Instances[0], cancellationToken);
        return source is null ? (null, WadoProblems.NotFound("The instance has no pixel data.")) : (source, null);
    }

    /// <summary>Negotiates the media type with the Accept header and writes the frames as parts (406 when nothing fits).</summary>
    public static async Task WriteFramesAsync(HttpContext http, FrameSource source, IReadOnlyList<int> numbers, CancellationToken cancellationToken)
    {
        var offers = source.Offers;
        if (offers.Count == 0)
        {
            await WadoProblems.NotAcceptable(source.Unservable).ExecuteAsync(http);
            return;
        }

        var available = offers.Select(o => $"multipart/related; type=\"{o.MediaType}\"; transfer-syntax={o.TransferSyntax}").ToList();
        if (FrameMedia.Choose(AcceptedMedia.Of(http.Request), offers) is not { } chosen)
        {
            await WadoProblems.NotAcceptable(
                $"The frames are stored in {source.Syntax.Name} ({source.Syntax.Uid}) and the server does not decode or transcode them; "
                + $"ask for one of: {string.Join(", ", available)} (or transfer-syntax=*).", available).ExecuteAsync(http);
            return;
        }

        // The boundaries of encapsulated frames are found before anything is sent, so a failure is still a problem document.
        if (source.IsEncapsulated && source.Frames > 1 && !await source.CanCutFramesAsync(cancellationToken))
        {
            await WadoProblems.NotAcceptable(
                $"The {source.Frames} frames' boundaries are not recorded (no basic offset table, fragments ≠ frames); retrieve the instance.").ExecuteAsync(http);
            return;
        }

        var multipart = new MultipartResponse(http.Response, chosen.MediaType);
        var partType = $"{chosen.MediaType}; transfer-syntax={chosen.TransferSyntax}";
        foreach (var number in numbers)
        {
            await multipart.StartPartAsync(partType, null, cancellationToken);
            await source.CopyFrameAsync(number, multipart.Body, cancellationToken);
            await multipart.EndPartAsync(cancellationToken);
        }

        await multipart.FinishAsync(cancellationToken);
    }

    /// <summary>1-based frame numbers, duplicates kept in the order asked; null when the list is not one.</summary>
    private static List<int>? ParseFrameList(string text)
    {
        var numbers = new List<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return null;
            }

            numbers.Add(number);
        }

        return numbers.Count > 0 ? numbers : null;
    }
}
