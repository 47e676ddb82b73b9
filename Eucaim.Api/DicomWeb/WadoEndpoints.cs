using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// WADO-RS (PS3.18 10.4) retrieval of a study, a series or an instance as multipart/related;
/// type="application/dicom": the stored files exactly as stored, streamed from blob storage, each part
/// labelled with its transfer syntax. Nothing is transcoded: a transfer syntax asked for that an
/// instance is not stored in is 406.
/// </summary>
internal static class WadoEndpoints
{
    public static Task StudyAsync(Guid id, string study, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        RetrieveAsync(id, study, null, null, http, caller, db, blobs, cancellationToken);

    public static Task SeriesAsync(Guid id, string study, string series, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        RetrieveAsync(id, study, series, null, http, caller, db, blobs, cancellationToken);

    public static Task InstanceAsync(Guid id, string study, string series, string instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        RetrieveAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);

    private static async Task RetrieveAsync(
        Guid id, string study, string? series, string? instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var (target, problem) = await WadoTarget.FindAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);
        if (target is null)
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        var ranges = AcceptedMedia.Of(http.Request).Where(IsDicom).ToList();
        if (ranges.Count == 0)
        {
            await WadoProblems.NotAcceptable(
                "Instances are returned as multipart/related; type=\"application/dicom\"; their metadata at .../metadata as application/dicom+json or multipart/related; type=\"application/dicom+xml\".",
                ["multipart/related; type=\"application/dicom\""]).ExecuteAsync(http);
            return;
        }

        var refused = target.Instances.Where(i => !ranges.Any(r => r.AllowsTransferSyntax(i.TransferSyntaxUid ?? ""))).ToList();
        if (refused.Count > 0)
        {
            var stored = refused.Select(i => i.TransferSyntaxUid ?? "unknown").Distinct().Order(StringComparer.Ordinal).ToList();
            await WadoProblems.NotAcceptable(
                $"{refused.Count} instance(s) are stored in transfer syntax {string.Join(", ", stored)}, which the Accept header does not allow; "
                + "the server returns instances as stored and does not transcode: ask for transfer-syntax=* or one of these.",
                stored.Select(s => $"multipart/related; type=\"application/dicom\"; transfer-syntax={s}")).ExecuteAsync(http);
            return;
        }

        await StreamAsync(http, target, cancellationToken);
    }

    private static bool IsDicom(AcceptedMedia range) =>
        range.IsAnyType || range.MediaType == "application/dicom" || (range.IsMultipart && range.PartType is null or "application/dicom");

    /// <summary>Each stored file as one application/dicom part, streamed from blob storage as it is.</summary>
    private static async Task StreamAsync(HttpContext http, WadoTarget target, CancellationToken cancellationToken)
    {
        var multipart = new MultipartResponse(http.Response, "application/dicom");
        foreach (var instance in target.Instances)
        {
            var syntax = instance.TransferSyntaxUid is { Length: > 0 } uid ? $"; transfer-syntax={uid}" : "";
            await multipart.StartPartAsync("application/dicom" + syntax, target.InstanceUrl(instance), cancellationToken);
            await using (var content = await target.OpenAsync(instance, cancellationToken))
            {
                await content.CopyToAsync(multipart.Body, cancellationToken);
            }

            await multipart.EndPartAsync(cancellationToken);
        }

        await multipart.FinishAsync(cancellationToken);
    }
}
