using Microsoft.Extensions.Options;
using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

internal static class FederationSetup
{
    public static IHostApplicationBuilder AddEucaimFederation(this IHostApplicationBuilder builder)
    {
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

    public static IEndpointRouteBuilder MapEucaimFederation(this IEndpointRouteBuilder routes) =>
        routes.MapFederationKeyApi().MapFederationNodesApi().MapFederationLinkApi().MapFederatedCountsApi().MapFederatedRunsApi()
            .MapFederatedTrainingsApi();
}
