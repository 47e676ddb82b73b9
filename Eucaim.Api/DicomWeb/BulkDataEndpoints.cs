using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;
using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>WADO-RS bulk data (PS3.18 10.4.1.1.3): the values metadata names by BulkDataURI, pixel data as its frames.</summary>
internal static class BulkDataEndpoints
{
    /// <summary>
    /// A bulk data value named in metadata: pixel data (its frames when compressed) or a binary element by its
    /// path (tag, or tag/item/tag... into sequences), as multipart/related; type="application/octet-stream",
    /// or as a single application/octet-stream body when only that is accepted.
    /// </summary>
    public static async Task BulkDataAsync(
        Guid id, string study, string series, string instance, string path, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        if (!DicomBulkDataPath.TryParse(path, out var first))
        {
            await WadoProblems.BadRequest("Invalid bulk data path.", $"'{path}' is not a path as BulkDataURIs give them (a tag such as 7FE00010, or tag/item/tag...).")
                .ExecuteAsync(http);
            return;
        }

        var (target, problem) = await WadoTarget.FindAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);
        if (target is null)
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        if (!path.Contains('/', StringComparison.Ordinal) && first.Group == 0x7FE0)
        {
            await PixelBulkDataAsync(http, target, first, cancellationToken);
            return;
        }

        var read = await StoredInstanceReader.ReadAsync(target, target.Instances[0], cancellationToken);
        var element = DicomBulkDataPath.Find(read.Dataset, path);
        if (element is null || element.IsSequence)
        {
            await WadoProblems.NotFound($"The instance has no binary value at {path}.").ExecuteAsync(http);
            return;
        }

        if (element.IsValueSkipped)
        {
            await WadoProblems.NotAcceptable($"The value at {path} ({element.SkippedLength} bytes) is larger than the server loads; retrieve the instance.")
                .ExecuteAsync(http);
            return;
        }

        if (OctetStreamResponse(http) is not { } multipart)
        {
            await NotOctetStream(http);
            return;
        }

        if (multipart)
        {
            var response = new MultipartResponse(http.Response, FrameMedia.OctetStream);
            await response.StartPartAsync(FrameMedia.OctetStream, null, cancellationToken);
            await response.Body.WriteAsync(element.Value, cancellationToken);
            await response.EndPartAsync(cancellationToken);
            await response.FinishAsync(cancellationToken);
        }
        else
        {
            http.Response.ContentType = FrameMedia.OctetStream;
            await http.Response.Body.WriteAsync(element.Value, cancellationToken);
        }
    }

    /// <summary>Native pixel data is one little endian octet-stream part per frame (or one body); compressed pixel data its frames, as stored.</summary>
    private static async Task PixelBulkDataAsync(HttpContext http, WadoTarget target, DicomTag tag, CancellationToken cancellationToken)
    {
        var source = await FrameSource.OpenAsync(target, target.Instances[0], cancellationToken);
        if (source is null || source.PixelTag != tag)
        {
            await WadoProblems.NotFound($"The instance has no {tag}.").ExecuteAsync(http);
            return;
        }

        // A single application/octet-stream body is the whole native value: its frames lie one after the other.
        if (OctetStreamResponse(http) is false && !source.IsEncapsulated && source.Offers.Count > 0)
        {
            http.Response.ContentType = FrameMedia.OctetStream;
            for (var frame = 1; frame <= source.Frames; frame++)
            {
                await source.CopyFrameAsync(frame, http.Response.Body, cancellationToken);
            }

            return;
        }

        await FrameEndpoints.WriteFramesAsync(http, source, Enumerable.Range(1, source.Frames).ToList(), cancellationToken);
    }

    /// <summary>True for multipart/related, false for a single application/octet-stream body, null when neither is accepted.</summary>
    private static bool? OctetStreamResponse(HttpContext http)
    {
        foreach (var range in AcceptedMedia.Of(http.Request))
        {
            if (range.IsAnyType || (range.IsMultipart && range.PartType is null or "*/*" or FrameMedia.OctetStream))
            {
                return true;
            }

            if (range.MediaType == FrameMedia.OctetStream)
            {
                return false;
            }
        }

        return null;
    }

    private static Task NotOctetStream(HttpContext http) =>
        WadoProblems.NotAcceptable("Bulk data is returned as multipart/related; type=\"application/octet-stream\" or application/octet-stream.",
            ["multipart/related; type=\"application/octet-stream\"", FrameMedia.OctetStream]).ExecuteAsync(http);
}
