using Eucaim.Api.Airlock;
using Eucaim.Core.Audit;
using Eucaim.Core.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Api.Jobs;

public static class JobsSetup
{
    public static IHostApplicationBuilder AddEucaimJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<JobSubmission>();
        builder.Services.AddScoped<JobPlacement>();
        builder.Services.AddScoped<IDatasetGrants, GrantedDatasets>();
        builder.Services.AddEucaimAuditCore();
        builder.Services.AddSingleton<JobLogSignal>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobLogSignal>());
        builder.Services.AddSingleton<ExportLinks>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimJobs(this IEndpointRouteBuilder routes)
    {
        routes.MapJobsApi();
        routes.MapJobImagesApi();
        routes.MapAirlockApi();
        return routes;
    }
}
