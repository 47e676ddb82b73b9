using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Api.Tenants;

public static class TenantsSetup
{
    public static IHostApplicationBuilder AddEucaimTenants(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimTenants(this IEndpointRouteBuilder routes) =>
        routes.MapTenantsApi().MapFlavorsApi();
}
