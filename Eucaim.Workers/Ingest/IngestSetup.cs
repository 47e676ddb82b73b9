using Eucaim.Core.Ingest;
using Eucaim.Workers.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Ingest;

public static class IngestSetup
{
    public static IHostApplicationBuilder AddEucaimIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEucaimIngestCore();
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section))
            .ValidateDataAnnotations()
            .RejectRenamed(builder.Configuration, IngestOptions.Section,
                ("PollSeconds", nameof(IngestOptions.PollInterval)), ("LeaseSeconds", nameof(IngestOptions.Lease)), ("ExpirySweepSeconds", nameof(IngestOptions.ExpirySweepInterval)))
            .Validate(o => !o.Validate().Any(), $"{IngestOptions.Section} is invalid: see IngestOptions.Validate.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestOptions>>().Value);
        builder.Services.AddSingleton<IngestPipeline>();
        builder.Services.AddHostedService<IngestWorker>();
        builder.AddEucaimLeases();
        builder.Services.AddHostedService<IngestExpirySweeper>();
        builder.Services.AddHostedService<DicomIndexBackfill>();
        return builder;
    }
}
