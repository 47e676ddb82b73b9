using Eucaim.Core.Catalogue.Search;
using Eucaim.Core.Catalogue.Seed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Catalogue;

public static class CatalogueServices
{
    /// <summary>The catalogue's search (one in-memory index per process) and its seed loader.</summary>
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.TryAddSingleton<CatalogueIndex>();
        services.TryAddSingleton<CatalogueSearch>();
        services.TryAddScoped<CatalogueSeeder>();
        return services;
    }
}
