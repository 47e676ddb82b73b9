using Eucaim.Core.Exports;

namespace Eucaim.Api.Exports;

/// <summary>The airlock: export requests, their review, and download links. Depends on Jobs (exports are of job outputs), never the reverse.</summary>
public static class ExportsSetup
{
    public static IHostApplicationBuilder AddEucaimExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEucaimExportsCore();
        return builder;
    }

    public static IEndpointRouteBuilder MapEucaimExports(this IEndpointRouteBuilder routes) => routes.MapExportsApi();
}
