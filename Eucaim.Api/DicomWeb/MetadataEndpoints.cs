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
}
