using System.Text;
using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// WADO-RS (PS3.18 10.4) retrieval of a study, a series or an instance as multipart/related;
/// type="application/dicom": the stored files exactly as stored, streamed from blob storage.
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
        var target = await DicomWebAccess.ReadTargetAsync(http, caller, db, id, cancellationToken);
        if (!target.Succeeded)
        {
            await target.Problem.ToHttpProblem(caller).ExecuteAsync(http);
            return;
        }

        if (!AcceptsDicom(http.Request))
        {
            await TypedResults.Problem(title: "Not acceptable.", detail: "Instances are returned as multipart/related; type=\"application/dicom\".",
                statusCode: StatusCodes.Status406NotAcceptable, extensions: new Dictionary<string, object?> { ["header"] = "Accept" }).ExecuteAsync(http);
            return;
        }

        var version = target.Value.Version;
        var paths = await InstancePathsAsync(db, id, version, study, series, instance, cancellationToken);
        if (paths.Count == 0)
        {
            await TypedResults.Problem(title: "Not found.", detail: "No such study, series or instance in this dataset.", statusCode: StatusCodes.Status404NotFound)
                .ExecuteAsync(http);
            return;
        }

        await StreamAsync(http, blobs.GetBlobContainerClient(BlobContainers.Datasets), BlobLayout.Datasets.VersionPrefix(id, version), paths, cancellationToken);
    }

    /// <summary>The stored paths of the instances asked for, in series, instance number and UID order.</summary>
    private static Task<List<string>> InstancePathsAsync(
        EucaimDbContext db, Guid id, int version, string study, string? series, string? instance, CancellationToken cancellationToken) =>
        db.DicomInstances.AsNoTracking()
            .Where(i => i.DatasetId == id && i.VersionNumber == version && i.StudyInstanceUid == study)
            .Where(i => series == null || i.SeriesInstanceUid == series)
            .Where(i => instance == null || i.SopInstanceUid == instance)
            .OrderBy(i => i.SeriesInstanceUid).ThenBy(i => i.InstanceNumber).ThenBy(i => i.SopInstanceUid)
            .Select(i => i.Path).ToListAsync(cancellationToken);

    /// <summary>Each stored file as one application/dicom part, streamed from blob storage as it is.</summary>
    private static async Task StreamAsync(HttpContext http, BlobContainerClient container, string prefix, List<string> paths, CancellationToken cancellationToken)
    {
        var boundary = $"eucaim-{Guid.NewGuid():N}";
        http.Response.ContentType = $"multipart/related; type=\"application/dicom\"; boundary={boundary}";
        var body = http.Response.Body;
        foreach (var path in paths)
        {
            await body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n"), cancellationToken);
            var download = await container.GetBlobClient(prefix + path).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using (var content = download.Value.Content)
            {
                await content.CopyToAsync(body, cancellationToken);
            }

            await body.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        await body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), cancellationToken);
    }

    private static bool AcceptsDicom(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("*/*", StringComparison.Ordinal) || accept.Contains("multipart/related", StringComparison.OrdinalIgnoreCase)
            || accept.Contains("application/dicom", StringComparison.OrdinalIgnoreCase);
    }
}
