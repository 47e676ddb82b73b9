using Eucaim.Core.Tenants;

namespace Eucaim.Api.Tenants;

public static class TenantsSetup
{
    public static IHostApplicationBuilder AddEucaimTenants(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEucaimTenantsCore();
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimTenants(this IEndpointRouteBuilder routes) =>
        routes.MapTenantsApi().MapFlavorsApi();
}
