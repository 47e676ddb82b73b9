namespace Eucaim.Api.DicomWeb;

/// <summary>The WADO-RS resources beyond whole instances: metadata, bulk data, frames, rendered and thumbnails.</summary>
internal static class WadoResources
{
    private const string Instance = "/studies/{study}/series/{series}/instances/{instance}";

    internal static RouteGroupBuilder MapWadoResources(this RouteGroupBuilder dataset)
    {
        dataset.MapGet("/studies/{study}/metadata", MetadataEndpoints.StudyAsync).WithSummary("WADO-RS: DICOM JSON of every instance of a study.");
        dataset.MapGet("/studies/{study}/series/{series}/metadata", MetadataEndpoints.SeriesAsync).WithSummary("WADO-RS: DICOM JSON of every instance of a series.");
        dataset.MapGet($"{Instance}/metadata", MetadataEndpoints.InstanceAsync).WithSummary("WADO-RS: DICOM JSON of one instance.");
        dataset.MapGet($"{Instance}/bulkdata/{{**path}}", BulkDataEndpoints.BulkDataAsync).WithSummary("WADO-RS: a bulk data value named by a BulkDataURI.");
        dataset.MapGet($"{Instance}/frames/{{frames}}", FrameEndpoints.FramesAsync).WithSummary("WADO-RS: frames of an instance, uncompressed or as stored.");
        dataset.MapGet($"{Instance}/rendered", RenderedEndpoints.InstanceAsync).WithSummary("WADO-RS: the first frame rendered as image/png.");
        dataset.MapGet($"{Instance}/frames/{{frames}}/rendered", RenderedEndpoints.FrameAsync).WithSummary("WADO-RS: one frame rendered as image/png.");
        dataset.MapGet($"{Instance}/thumbnail", RenderedEndpoints.InstanceThumbnailAsync).WithSummary("WADO-RS: an instance's thumbnail (image/png).");
        dataset.MapGet("/studies/{study}/series/{series}/thumbnail", RenderedEndpoints.SeriesThumbnailAsync).WithSummary("WADO-RS: a series' thumbnail (image/png).");
        dataset.MapGet("/studies/{study}/thumbnail", RenderedEndpoints.StudyThumbnailAsync).WithSummary("WADO-RS: a study's thumbnail (image/png).");
        return dataset;
    }
}
