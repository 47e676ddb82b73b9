using Microsoft.Extensions.Options;
using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

internal static class FederationSetup
{
    /// <summary>At the hub: the federation's use cases, its signing key and link. At a node: its data holders' say on runs.</summary>
    public static IHostApplicationBuilder AddEucaimFederation(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.IsFederationNode())
        {
            builder.Services.AddEucaimFederationNodeCore();
            return builder;
        }

        builder.Services.AddOptions<FederationHubOptions>().Bind(builder.Configuration.GetSection(FederationHubOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FederationHubOptions>, FederationHubOptionsValidator>();
        builder.Services.AddEucaimFederationCore();
        builder.Services.AddSingleton<FederationSignal>();
        builder.Services.AddSingleton<IFederationSignal>(sp => sp.GetRequiredService<FederationSignal>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FederationSignal>());
        builder.Services.AddHostedService<FederationSeeding>();
        builder.Services.AddSingleton<LinkRefusals>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimFederationNode(this IEndpointRouteBuilder routes) => routes.MapNodeRunsApi();

    public static IEndpointRouteBuilder MapEucaimFederation(this IEndpointRouteBuilder routes) =>
        routes.MapFederationKeyApi().MapFederationNodesApi().MapFederationLinkApi().MapFederatedCountsApi().MapFederatedRunsApi()
            .MapFederatedTrainingsApi();
}
