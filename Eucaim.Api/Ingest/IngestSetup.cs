using Eucaim.Api.DicomWeb;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Eucaim.Api.Ingest;

internal static class IngestSetup
{
    public static IHostApplicationBuilder AddEucaimIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEucaimIngestCore();
        builder.Services.AddOptions<UploadOptions>().Bind(builder.Configuration.GetSection(UploadOptions.Section))
            .Validate(o => !o.Validate().Any(), $"{UploadOptions.Section} is invalid: MaxSizeBytes, BlockSizeBytes (64 KiB–100 MiB), ParallelBlocks (1–16), ExpiryMinutes.")
            .ValidateOnStart();
        builder.Services.AddOptions<DicomWebOptions>().Bind(builder.Configuration.GetSection(DicomWebOptions.Section))
            .Validate(o => o.MaxStowBytes > 0 && o.MaxInstanceBytes > 0, $"{DicomWebOptions.Section}: MaxStowBytes and MaxInstanceBytes must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<UploadReceiver>();
        return builder;
    }

    public static IApplicationBuilder UseEucaimIngest(this IApplicationBuilder app) => app.UseTusResumableHeader();

    public static IEndpointRouteBuilder MapEucaimIngest(this IEndpointRouteBuilder routes)
    {
        routes.MapUploadsApi();
        routes.MapIngestApi();
        routes.MapDicomWebApi();
        return routes;
    }
}
