using Eucaim.Core.Catalogue.Search;
using Eucaim.Core.Catalogue.Seed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Catalogue;

public static class CatalogueServices
{
    /// <summary>The catalogue's search (one in-memory index per process), its seed loader and its use cases.</summary>
    public static IServiceCollection AddEucaimCatalogueCore(this IServiceCollection services)
    {
        services.TryAddScoped<RegisterDataset>();
        services.TryAddScoped<EditDatasetDraft>();
        services.TryAddScoped<PublishVersion>();
        services.TryAddScoped<WithdrawDataset>();
        services.TryAddScoped<DeleteDatasetDraft>();
        services.TryAddSingleton<CatalogueIndex>();
        services.TryAddSingleton<CatalogueSearch>();
        services.TryAddScoped<CatalogueSeeder>();
        return services;
    }
}
