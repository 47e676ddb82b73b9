using Eucaim.Core.Access;

namespace Eucaim.Api.Access;

internal static class AccessSetup
{
    public static IHostApplicationBuilder AddEucaimAccess(this IHostApplicationBuilder builder)
    {
        builder.AddEucaimAccessCore();
        builder.Services.AddSingleton<VisaSigner>();
        return builder;
    }
}
