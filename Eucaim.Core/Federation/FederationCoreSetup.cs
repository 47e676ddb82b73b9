using Eucaim.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Federation;

public static class FederationCoreSetup
{
    /// <summary>The configuration section of a federated node's settings, read by the Api and the Workers alike.</summary>
    public const string NodeSection = "Eucaim:Federation:Node";

    /// <summary>Whether the configuration makes this process, Api or Workers, a federated node (<c>Eucaim:Federation:Node:Id</c> set).</summary>
    public static bool IsFederationNode(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(NodeSection)["Id"]);

    /// <summary>The hub's federation use cases. The caller registers <see cref="IFederationSignal"/> and binds <see cref="FederationHubOptions"/>.</summary>
    public static IServiceCollection AddEucaimFederationCore(this IServiceCollection services)
    {
        services.TryAddSingleton<FederationHubKey>();
        services.TryAddScoped<FederationMessageChecks>();
        services.TryAddScoped<RegisterFederatedNode>();
        services.TryAddScoped<RevokeFederatedNode>();
        services.TryAddScoped<FindFederatedNodes>();
        services.TryAddScoped<SeedFederatedNodes>();
        services.TryAddScoped<ReceiveLinkMessage>();
        services.TryAddScoped<PollFederationLink>();
        services.TryAddScoped<AcceptCountAnswer>();
        services.TryAddScoped<AskFederatedCounts>();
        services.TryAddScoped<ReadFederatedCounts>();
        services.TryAddScoped<FederatedSubmission>();
        services.TryAddScoped<SubmitFederatedRun>();
        services.TryAddScoped<SubmitFederatedTraining>();
        services.TryAddScoped<ReadFederatedTrainings>();
        services.TryAddScoped<AcceptTrainUpdate>();
        services.TryAddScoped<AcceptTrainResult>();
        services.TryAddScoped<AdvanceFederatedTrainings>();
        services.TryAddScoped<ReadFederatedRuns>();
        services.TryAddScoped<AcceptRunUpdate>();
        services.TryAddScoped<AcceptRunResult>();
        services.TryAddScoped<IDatasetGrants, GrantedDatasets>();
        return services;
    }
}
