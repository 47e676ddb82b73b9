using Eucaim.Core.Catalogue;
using Eucaim.Core.Federation;
using Eucaim.Core.Ingest;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Federation;

public static class FederationSetup
{
    public const string HubClient = "federation-hub";

    /// <summary>
    /// In node mode: the link to the hub (<see cref="FederationAgent"/>), its options validated on start. At the
    /// hub: the sweeper of the link's replay guard (<see cref="FederationReplaySweeper"/>) and the coordinator of
    /// federated trainings (<see cref="FederatedTrainingCoordinator"/>).
    /// </summary>
    public static IHostApplicationBuilder AddEucaimFederation(this IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.IsFederationNode())
        {
            // The hub's side of the link lives in the Api; its replay guard's table is kept short from here.
            builder.Services.AddHostedService<FederationReplaySweeper>();
            builder.Services.TryAddScoped<AdvanceFederatedTrainings>();
            builder.Services.AddHostedService<FederatedTrainingCoordinator>();
            return builder;
        }

        builder.Services.AddEucaimFederationNodeCore();
        builder.Services.AddEucaimIngestCore();
        builder.Services.AddEucaimCatalogueCore();
        builder.Services.AddOptions<FederationNodeOptions>().Bind(builder.Configuration.GetSection(FederationNodeOptions.Section)).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FederationNodeOptions>, FederationNodeOptionsValidation>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<FederationNodeOptions>>().Value);
        builder.Services.AddSingleton(sp => FederationNodeKeys.Load(sp.GetRequiredService<FederationNodeOptions>()));
        // RemoveAllResilienceHandlers is marked experimental, as in the portal's relay clients.
#pragma warning disable EXTEXP0001
        // The long poll outlasts the standard resilience handler's attempt time-out, and a retried poll or answer is
        // the loop's business (it backs off and sends again), so this client has no resilience handler.
        builder.Services.AddHttpClient(HubClient, (sp, http) => http.Timeout = sp.GetRequiredService<FederationNodeOptions>().PollWait + TimeSpan.FromSeconds(30))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<NodeJobExecution>();
        builder.Services.AddSingleton<FederatedRunner>();
        builder.Services.AddSingleton<FederatedTrainer>();
        builder.Services.AddSingleton(sp => new FederationNodeLink(
            sp.GetRequiredService<FederationNodeOptions>(),
            sp.GetRequiredService<FederationNodeKeys>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HubClient),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FederationNodeLink>>(),
            sp.GetRequiredService<FederatedRunner>(),
            sp.GetRequiredService<FederatedTrainer>()));
        builder.Services.AddHostedService<FederationAgent>();
        return builder;
    }
}
