using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Eucaim.Platform.Tests.Access;

/// <summary>The adjustable access clock cannot be switched on outside Development, and is fixed when off.</summary>
public sealed class AccessClockSafetyTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void An_adjustable_clock_is_refused_outside_development(string environment)
    {
        using var host = Build(environment, adjustable: true);
        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<AccessOptions>>().Value);
        Assert.Contains("AdjustableClock is allowed only in the Development environment", refused.Message);
    }

    [Fact]
    public void Without_the_setting_the_clock_cannot_be_moved()
    {
        using var host = Build("Development", adjustable: false);
        var clock = host.Services.GetRequiredService<AccessClock>();
        Assert.False(clock.Adjustable);
        Assert.Throws<InvalidOperationException>(() => clock.SetOffset(TimeSpan.FromDays(1)));
        Assert.Equal(TimeSpan.Zero, clock.Offset);
    }

    [Fact]
    public void In_development_with_the_setting_an_offset_moves_the_access_time_only()
    {
        using var host = Build("Development", adjustable: true);
        var clock = host.Services.GetRequiredService<AccessClock>();
        var moved = 0;
        clock.Moved += () => moved++;
        clock.SetOffset(TimeSpan.FromDays(2));
        Assert.Equal(1, moved);
        Assert.InRange(clock.GetUtcNow() - DateTimeOffset.UtcNow, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        Assert.NotSame(clock, host.Services.GetRequiredService<TimeProvider>());
    }

    private static IHost Build(string environment, bool adjustable)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Eucaim:Access:AdjustableClock"] = adjustable ? "true" : "false",
            ["ConnectionStrings:eucaim"] = "Host=127.0.0.1;Database=unused",
        });
        // As in Api and Workers: the database registers the one TimeProvider the access clock builds on.
        builder.AddEucaimDatabase();
        builder.AddEucaimAccessCore();
        return builder.Build();
    }
}
