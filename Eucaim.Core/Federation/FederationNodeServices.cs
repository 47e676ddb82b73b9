using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Federation;

public static class FederationNodeServices
{
    /// <summary>What a federated node runs: the receiver's checks, the counts from its own index, its dev seed, its data holders' decisions on runs.</summary>
    public static IServiceCollection AddEucaimFederationNodeCore(this IServiceCollection services)
    {
        services.TryAddScoped<FederationMessageChecks>();
        services.TryAddScoped<CountLocalIndex>();
        services.TryAddScoped<SeedNodeDatasets>();
        services.TryAddScoped<ReadNodeRuns>();
        services.TryAddScoped<DecideNodeRun>();
        return services;
    }
}
