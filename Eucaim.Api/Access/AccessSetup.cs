using Eucaim.Core.Access;

namespace Eucaim.Api.Access;

internal static class AccessApiSetup
{
    public static IHostApplicationBuilder AddEucaimAccess(this IHostApplicationBuilder builder)
    {
        builder.AddAccessCore();
        builder.Services.AddSingleton<VisaSigner>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimAccess(this IEndpointRouteBuilder routes) => routes.MapAccessApi();
}
