namespace Eucaim.Workers.Exports;

/// <summary>Registers the airlock's Workers side: copying approved export files out of the bubble.</summary>
public static class ExportsSetup
{
    public static IHostApplicationBuilder AddEucaimExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ExportPublisher>();
        return builder;
    }
}
