using Eucaim.Core.Catalogue;

namespace Eucaim.Api.Catalogue;

internal static class CatalogueSetup
{
    public static IHostApplicationBuilder AddEucaimCatalogue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEucaimCatalogueCore();
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimCatalogue(this IEndpointRouteBuilder routes)
    {
        routes.MapDatasetsApi();
        routes.MapCatalogueHarvestApi();
        return routes;
    }
}
