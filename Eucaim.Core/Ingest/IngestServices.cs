using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Ingest;

public static class IngestServices
{
    /// <summary>What Api (STOW-RS, publication) and Workers (the ingest pipeline) share.</summary>
    public static IServiceCollection AddIngestCore(this IServiceCollection services)
    {
        services.AddScoped<InstanceStore>();
        return services;
    }
}
