using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Jobs;

public static class JobsCoreSetup
{
    /// <summary>The job use cases (submit, cancel, reads, the image allow-list) and what they need.</summary>
    public static IServiceCollection AddEucaimJobsCore(this IServiceCollection services)
    {
        services.TryAddScoped<IDatasetGrants, GrantedDatasets>();
        services.TryAddScoped<JobPlacement>();
        services.TryAddScoped<SubmitJob>();
        services.TryAddScoped<CancelJob>();
        services.TryAddScoped<GetJob>();
        services.TryAddScoped<ListJobs>();
        services.TryAddScoped<ListJobOutputs>();
        services.TryAddScoped<SummarizeQueue>();
        services.TryAddScoped<AllowJobImage>();
        services.TryAddScoped<RemoveJobImage>();
        services.TryAddScoped<IssueStagingLinks>();
        return services;
    }
}
