using Eucaim.Core.Access;
using Eucaim.Workers.Platform;

namespace Eucaim.Workers.Access;

public static class AccessSetup
{
    public static IHostApplicationBuilder AddEucaimAccess(this IHostApplicationBuilder builder)
    {
        builder.AddEucaimAccessCore();
        builder.Services.AddScoped<GrantExpiry>();
        builder.AddEucaimLeases();
        builder.Services.AddHostedService<GrantExpirySweeper>();
        return builder;
    }

    /// <summary>
    /// <c>PUT /test-clock</c> on the Workers' port: the Api's test clock has no reach into this
    /// process, so tests move both. Mapped only when the clock is adjustable, which the options allow
    /// only in Development (the Workers' port is not exposed outside the cluster in any case).
    /// </summary>
    public static IEndpointRouteBuilder MapEucaimAccess(this IEndpointRouteBuilder routes)
    {
        var clock = routes.ServiceProvider.GetRequiredService<AccessClock>();
        if (clock.Adjustable)
        {
            routes.MapPut("/test-clock", (TestClockOffset body) =>
            {
                if (body.OffsetSeconds is not { } seconds || seconds < 0 || seconds > TimeSpan.FromDays(3650).TotalSeconds)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["offsetSeconds"] = ["0 to 3650 days, in seconds."] });
                }

                clock.SetOffset(TimeSpan.FromSeconds(seconds));
                return Results.Ok(new { offsetSeconds = clock.Offset.TotalSeconds, now = clock.GetUtcNow() });
            });
        }

        return routes;
    }
}

public sealed record TestClockOffset(double? OffsetSeconds);
