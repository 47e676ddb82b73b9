using System.Globalization;
using Azure.Storage.Blobs;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// WADO-RS rendered and thumbnail resources (PS3.18 10.4.1.1.3, 10.4.1.1.5) as image/png, for uncompressed
/// greyscale and RGB frames (<see cref="FrameRenderer"/>): an instance's first frame or one frame rendered at
/// full size; a thumbnail of an instance, of a series (its middle instance) or of a study (the middle instance
/// of its first series) at most 128 pixels a side. Rendering parameters (window, viewport, quality) are not
/// taken; anything the renderer cannot produce is 406.
/// </summary>
internal static class RenderedEndpoints
{
    private const int ThumbnailSize = 128;

    public static Task InstanceAsync(Guid id, string study, string series, string instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        RenderAsync(id, study, series, instance, 1, null, http, caller, db, blobs, cancellationToken);

    public static async Task FrameAsync(
        Guid id, string study, string series, string instance, string frames, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        if (!int.TryParse(frames, NumberStyles.None, CultureInfo.InvariantCulture, out var frame) || frame < 1)
        {
            await WadoProblems.BadRequest("Invalid frame number.", $"'{frames}': rendered frames are served one at a time, by number counted from 1.").ExecuteAsync(http);
            return;
        }

        await RenderAsync(id, study, series, instance, frame, null, http, caller, db, blobs, cancellationToken);
    }

    public static Task InstanceThumbnailAsync(Guid id, string study, string series, string instance, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        RenderAsync(id, study, series, instance, 1, ThumbnailSize, http, caller, db, blobs, cancellationToken);

    public static Task SeriesThumbnailAsync(Guid id, string study, string series, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        RenderAsync(id, study, series, null, 1, ThumbnailSize, http, caller, db, blobs, cancellationToken);

    public static Task StudyThumbnailAsync(Guid id, string study, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken) =>
        RenderAsync(id, study, null, null, 1, ThumbnailSize, http, caller, db, blobs, cancellationToken);

    private static async Task RenderAsync(
        Guid id, string study, string? series, string? instance, int frame, int? maxSize, HttpContext http, Caller caller, EucaimDbContext db, BlobServiceClient blobs,
        CancellationToken cancellationToken)
    {
        var (target, problem) = await WadoTarget.FindAsync(id, study, series, instance, http, caller, db, blobs, cancellationToken);
        if (target is null)
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        if (!AcceptedMedia.Of(http.Request).Any(r => r.IsAnyType || r.MediaType is "image/png" or "image/*"))
        {
            await WadoProblems.NotAcceptable(FrameRenderer.Supported, ["image/png"]).ExecuteAsync(http);
            return;
        }

        // A series or study thumbnail shows its middle instance (of the first series): the one most likely to show anatomy.
        var series0 = target.Instances.Where(i => i.Series == target.Instances[0].Series).ToList();
        var chosen = series0[series0.Count / 2];
        var source = await FrameSource.OpenAsync(target, chosen, cancellationToken);
        if (source is null)
        {
            await WadoProblems.NotFound("The instance has no pixel data.").ExecuteAsync(http);
            return;
        }

        if (frame > source.Frames)
        {
            await WadoProblems.NotFound($"Frame {frame} does not exist: the instance has {source.Frames} frame(s).").ExecuteAsync(http);
            return;
        }

        if (!FrameRenderer.CanRender(source))
        {
            await WadoProblems.NotAcceptable($"{FrameRenderer.Supported} This instance is {source.Syntax.Name}, {source.Samples} sample(s) of {source.BitsAllocated} bits.", [])
                .ExecuteAsync(http);
            return;
        }

        var (pixels, width, height, channels) = FrameRenderer.Render(source, await source.ReadFrameAsync(frame, cancellationToken), maxSize);
        http.Response.ContentType = "image/png";
        await http.Response.Body.WriteAsync(PngEncoder.Encode(pixels, width, height, channels), cancellationToken);
    }
}
