using Eucaim.Core.Exports.Screening;
using Eucaim.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Exports;

public static class ExportsCoreSetup
{
    /// <summary>The airlock's use cases; they read jobs and their outputs, so the job use cases come too.</summary>
    public static IServiceCollection AddEucaimExportsCore(this IServiceCollection services)
    {
        services.AddEucaimJobsCore();
        services.TryAddSingleton<ExportLinks>();
        services.TryAddScoped<ExportScreener>();
        services.TryAddScoped<RequestExport>();
        services.TryAddScoped<DecideExport>();
        services.TryAddScoped<IssueExportLinks>();
        services.TryAddScoped<GetExport>();
        services.TryAddScoped<ListExports>();
        services.TryAddScoped<ReadExportFiles>();
        return services;
    }
}
