using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;
using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// WADO-RS metadata (PS3.18 10.4.1.1.2) of a study, a series or an instance: a DICOM JSON array
/// (PS3.18 F.2), one object per instance, or multipart/related of PS3.19 XML documents, one part per instance, read from the stored files and written instance by instance.
/// Pixel data and binary values over 1 KiB are BulkDataURIs into <c>.../instances/{uid}/bulkdata/{path}</c>;
/// each object also names the instance's stored transfer syntax (0008,3002).
/// </summary>
internal static class MetadataEndpoints
{
    private static readonly DicomTag AvailableTransferSyntaxUid = new(0x0008, 0x3002);

    public static Task StudyAsync(Guid id, string study, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        MetadataAsync(id, study, null, null, http, caller, db, blobs, cancellationToken);

    public static Task SeriesAsync(Guid id, string study, string series, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        MetadataAsync(id, study, series, null, http, caller, db, blobs, cancellationToken);

    public static Task InstanceAsync(Guid id, string study, string series, string instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        MetadataAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);

    private static async Task MetadataAsync(
        Guid id, string study, string? series, string? instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var (target, problem) = await WadoTarget.FindAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);
        if (target is null)
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        var format = MetadataMedia.Choose(http.Request);
        if (format is null)
        {
            await MetadataMedia.NotAcceptable("Metadata").ExecuteAsync(http);
            return;
        }

        if (format == MetadataFormat.Xml)
        {
            await WriteXmlAsync(http, target, cancellationToken);
            return;
        }

        http.Response.ContentType = MetadataMedia.Json;
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartArray();
        foreach (var stored in target.Instances)
        {
            var (read, options) = await ReadAsync(target, stored, cancellationToken);
            DicomJson.Write(writer, read.Dataset, options, read.PixelData);

            // One instance at a time leaves the Api: memory stays flat whatever the study's size.
            await writer.FlushAsync(cancellationToken);
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Each instance as one application/dicom+xml part (PS3.18 10.4.1.1.2), its Content-Location the instance's URL.</summary>
    private static async Task WriteXmlAsync(HttpContext http, WadoTarget target, CancellationToken cancellationToken)
    {
        var multipart = new MultipartResponse(http.Response, MetadataMedia.Xml);
        using var buffer = new MemoryStream();
        foreach (var stored in target.Instances)
        {
            var (read, options) = await ReadAsync(target, stored, cancellationToken);

            // XmlWriter writes synchronously, which Kestrel refuses: each document is built in memory, one instance at a time.
            buffer.SetLength(0);
            using (var writer = XmlWriter.Create(buffer, DicomXml.WriterSettings))
            {
                DicomXml.WriteDocument(writer, read.Dataset, options, read.PixelData);
            }

            await multipart.StartPartAsync($"{MetadataMedia.Xml}; charset=utf-8", target.InstanceUrl(stored), cancellationToken);
            await multipart.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            await multipart.EndPartAsync(cancellationToken);
        }

        await multipart.FinishAsync(cancellationToken);
    }

    /// <summary>The stored instance's dataset with its AvailableTransferSyntaxUID, and where its bulk data is retrieved.</summary>
    private static async Task<(DicomReadResult Read, DicomJsonOptions Options)> ReadAsync(WadoTarget target, StoredInstance stored, CancellationToken cancellationToken)
    {
        var read = await StoredInstanceReader.ReadAsync(target, stored, cancellationToken);
        if (stored.TransferSyntaxUid is { Length: > 0 } syntax)
        {
            read.Dataset.SetString(AvailableTransferSyntaxUid, DicomVR.UI, syntax);
        }

        var bulk = $"{target.InstanceUrl(stored)}/bulkdata/";
        return (read, new DicomJsonOptions { BulkDataUri = path => bulk + path, PixelDataUri = read.PixelData is { } p ? bulk + p.Tag.ToJsonKey() : null });
    }

    /// <summary>
    /// A bulk data value named in metadata: pixel data (its frames when compressed) or a binary element by its
    /// path (tag, or tag/item/tag... into sequences), as multipart/related; type="application/octet-stream",
    /// or as a single application/octet-stream body when only that is accepted.
    /// </summary>
    public static async Task BulkDataAsync(
        Guid id, string study, string series, string instance, string path, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var segments = path.Split('/');
        if (segments.Length % 2 == 0 || !DicomTag.TryParse(segments[0], out var first))
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

        if (segments.Length == 1 && first.Group == 0x7FE0)
        {
            await PixelBulkDataAsync(http, target, first, cancellationToken);
            return;
        }

        var read = await StoredInstanceReader.ReadAsync(target, target.Instances[0], cancellationToken);
        var element = Find(read.Dataset, segments);
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

    private static DicomElement? Find(DicomDataset dataset, string[] segments)
    {
        var current = dataset;
        for (var i = 0; ; i += 2)
        {
            if (!DicomTag.TryParse(segments[i], out var tag) || current.GetElement(tag) is not { } element)
            {
                return null;
            }

            if (i == segments.Length - 1)
            {
                return element;
            }

            if (!element.IsSequence || !int.TryParse(segments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var item) || item >= element.Items.Count)
            {
                return null;
            }

            current = element.Items[item];
        }
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
