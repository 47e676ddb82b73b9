using Eucaim.Core.Audit;
using Eucaim.Core.Jobs;

namespace Eucaim.Api.Jobs;

public static class JobsSetup
{
    public static IHostApplicationBuilder AddEucaimJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEucaimJobsCore();
        builder.Services.AddEucaimAuditCore();
        builder.Services.AddSingleton<JobLogSignal>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobLogSignal>());
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimJobs(this IEndpointRouteBuilder routes)
    {
        routes.MapJobsApi();
        routes.MapJobImagesApi();
        routes.MapJobStagingApi();
        return routes;
    }
}
