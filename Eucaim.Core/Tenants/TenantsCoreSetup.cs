using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Tenants;

public static class TenantsCoreSetup
{
    /// <summary>The tenant and flavor use cases.</summary>
    public static IServiceCollection AddEucaimTenantsCore(this IServiceCollection services)
    {
        services.TryAddScoped<CreateTenant>();
        services.TryAddScoped<UpdateTenant>();
        services.TryAddScoped<ChangeTenantState>();
        services.TryAddScoped<FindTenants>();
        services.TryAddScoped<MeasureTenantUsage>();
        services.TryAddScoped<CreateFlavor>();
        services.TryAddScoped<UpdateFlavor>();
        services.TryAddScoped<DeleteFlavor>();
        services.TryAddScoped<FindFlavors>();
        return services;
    }
}
