using Eucaim.Workers.Tenants;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Platform;

/// <summary>Registers <see cref="Leadership"/> once, whichever capability asks first; its loops take their leases from it.</summary>
public static class LeasesSetup
{
    public static IHostApplicationBuilder AddEucaimLeases(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(s => s.ServiceType == typeof(Leadership)))
        {
            return builder;
        }

        services.AddOptions<LeaseOptions>().Bind(builder.Configuration.GetSection(LeaseOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.Validate().Any(), $"{LeaseOptions.Section} is invalid: RetryInterval < RenewDeadline < Duration.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<LeaseOptions>>().Value);
        // Binding again is harmless where the tenants capability did already (its section has no lists).
        services.AddOptions<ComputeOptions>().Bind(builder.Configuration.GetSection(ComputeOptions.Section));
        services.AddSingleton<Leadership>();
        return builder;
    }
}
