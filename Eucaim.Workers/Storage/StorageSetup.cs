using Eucaim.Workers.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Storage;

public static class StorageSetup
{
    /// <summary>The blob sweeper: what deleted datasets, abandoned ingests and spent uploads left in blob storage goes.</summary>
    public static IHostApplicationBuilder AddEucaimBlobSweep(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BlobSweepOptions>().Bind(builder.Configuration.GetSection(BlobSweepOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<BlobSweepOptions>>().Value);
        builder.AddEucaimLeases();
        builder.Services.AddHostedService<BlobSweeper>();
        return builder;
    }
}
