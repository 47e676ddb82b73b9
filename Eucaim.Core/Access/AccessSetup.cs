using Eucaim.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Access;

public static class AccessSetup
{
    /// <summary>Access options (validated on start), the access clock, notifications and the audit trail, for Api and Workers.</summary>
    public static IHostApplicationBuilder AddAccessCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>()
            .Bind(builder.Configuration.GetSection(AccessOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.AdjustableClock || builder.Environment.IsDevelopment(),
                $"{AccessOptions.Section}:AdjustableClock is allowed only in the Development environment.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(sp => new AccessClock(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AccessOptions>>().Value.AdjustableClock));
        builder.Services.AddAuditTrail();
        builder.Services.TryAddScoped<Notifier>();
        return builder;
    }
}
