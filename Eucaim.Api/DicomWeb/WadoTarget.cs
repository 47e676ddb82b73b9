using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.DicomWeb;

/// <summary>An instance as the index knows it: its UIDs, where it is stored and in which transfer syntax.</summary>
internal sealed record StoredInstance(string Study, string Series, string Sop, InstanceBytes Bytes, string? TransferSyntaxUid);

/// <summary>
/// The instances a WADO-RS request addresses in the version the caller may read, and their bytes in
/// blob storage (whole, or a byte range), so that every WADO-RS resource reads instances one at a time.
/// </summary>
internal sealed class WadoTarget(Guid datasetId, BlobContainerClient container, string prefix, string baseUrl, IReadOnlyList<StoredInstance> instances)
{
    public IReadOnlyList<StoredInstance> Instances => instances;

    /// <summary>The caller's version of the dataset and the instances of the study/series/instance asked for, or the problem to answer.</summary>
    public static async Task<(WadoTarget? Target, IResult? Problem)> FindAsync(
        Guid id, string study, string? series, string? instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var access = await DicomWebAccess.ReadTargetAsync(http, caller, db, id, cancellationToken);
        if (!access.Succeeded)
        {
            return (null, access.Problem.ToHttpProblem(caller));
        }

        var version = access.Value.Version;
        var found = await db.DicomInstances.AsNoTracking()
            .Where(i => i.DatasetId == id && i.VersionNumber == version && i.StudyInstanceUid == study)
            .Where(i => series == null || i.SeriesInstanceUid == series)
            .Where(i => instance == null || i.SopInstanceUid == instance)
            .OrderBy(i => i.SeriesInstanceUid).ThenBy(i => i.InstanceNumber).ThenBy(i => i.SopInstanceUid)
            .Select(i => new StoredInstance(i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid, new InstanceBytes(i.Path, i.Pack, i.PackOffset, i.Size, i.DeflatedSize), i.TransferSyntaxUid))
            .ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            return (null, WadoProblems.NotFound("No such study, series or instance in this dataset."));
        }

        var target = new WadoTarget(id, blobs.GetBlobContainerClient(BlobContainers.Datasets), BlobLayout.Datasets.VersionPrefix(id, version), BaseUrl(http, id), found);
        return (target, null);
    }

    /// <summary>The dataset's DICOMweb root as the caller addressed it.</summary>
    public static string BaseUrl(HttpContext http, Guid id) => $"{http.Request.Scheme}://{http.Request.Host}{DicomWebApi.Prefix}/{id}";

    public Guid DatasetId => datasetId;

    public string InstanceUrl(StoredInstance i) => $"{baseUrl}/studies/{i.Study}/series/{i.Series}/instances/{i.Sop}";

    public Task<Stream> OpenAsync(StoredInstance instance, CancellationToken cancellationToken) =>
        OpenRangeAsync(instance, 0, null, cancellationToken);

    public async Task<(Stream Content, long Length)> OpenWithLengthAsync(StoredInstance instance, CancellationToken cancellationToken) =>
        (await OpenAsync(instance, cancellationToken), instance.Bytes.Size);

    public Task<Stream> OpenRangeAsync(StoredInstance instance, long offset, long? length, CancellationToken cancellationToken) =>
        instance.Bytes.OpenAsync(container.GetBlobClient(prefix + instance.Bytes.Blob), offset, length, cancellationToken);
}
