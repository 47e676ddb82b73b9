using Eucaim.Core.Identity;

namespace Eucaim.Api.Ingest;

/// <summary>
/// Resumable uploads with the tus 1.0 protocol (core, creation, checksum, termination,
/// expiration) at <c>/api/uploads</c>, so tus-js-client, Uppy and tusd clients work unchanged.
/// </summary>
internal static class UploadsApi
{
    public const string Path = "/api/uploads";

    internal static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder routes)
    {
        var uploads = routes.MapGroup(Path).WithTags("Uploads");
        uploads.MapMethods("/", [HttpMethods.Options], UploadEndpoints.Options).AllowAnonymous()
            .WithSummary("tus discovery: version, extensions, maximum size, checksum algorithms.");
        uploads.MapMethods("/{id:guid}", [HttpMethods.Options], UploadEndpoints.Options).AllowAnonymous();

        var holders = uploads.MapGroup("").RequireAuthorization(PlatformPolicies.DataHolder);
        holders.MapPost("/", UploadEndpoints.CreateAsync)
            .WithSummary("tus creation: Upload-Length and Upload-Metadata (dataset, filename, optional sha256 and ingest); Idempotency-Key honoured.");
        holders.MapMethods("/{id:guid}", [HttpMethods.Head], UploadEndpoints.HeadAsync)
            .WithSummary("tus: the upload's offset, to resume from.");
        holders.MapPatch("/{id:guid}", UploadEndpoints.PatchAsync)
            .WithSummary("tus: appends a chunk at Upload-Offset (Upload-Checksum optional).");
        holders.MapDelete("/{id:guid}", UploadEndpoints.DeleteAsync)
            .WithSummary("tus termination: discards an upload not yet ingested.");
        holders.MapGet("/{id:guid}", UploadEndpoints.GetAsync)
            .WithSummary("The upload's state, offset and SHA-256 as JSON.");
        return routes;
    }

    /// <summary>tus requires <c>Tus-Resumable</c> on every response, errors and 401s included.</summary>
    public static IApplicationBuilder UseTusResumableHeader(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(Path))
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Tus.ResumableHeader] = Tus.Version;
                return Task.CompletedTask;
            });
        }

        await next(context);
    });
}
