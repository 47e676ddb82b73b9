using Eucaim.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Eucaim.Api.Platform;

/// <summary>
/// One Data Protection key ring for every Api replica: the keys live in the platform database
/// (<c>data_protection_keys</c>) under one application name, so whatever one replica protects
/// (antiforgery tokens, cookies, protected state in a URL) every other replica can read, and a
/// restarted pod keeps reading what it protected before. Without this each process would make a
/// key of its own, in memory or in its home folder, and a load balancer would break the payloads.
/// </summary>
internal static class DataProtectionSetup
{
    /// <summary>The discriminator every replica shares: payloads protected under another name do not open.</summary>
    public const string ApplicationName = "eucaim-api";

    public static IHostApplicationBuilder AddEucaimDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<EucaimDbContext>();
        return builder;
    }

    /// <summary>
    /// Drops the hosted service that reads the key ring while the host starts. From the database that
    /// read blocks the start (and /alive, so the liveness probe restarts the pod) for as long as the
    /// database retries last when it is down; the ring is read on first use instead, which every request
    /// that needs it waits for anyway. Call it after every other registration: authentication, antiforgery
    /// and others call <c>AddDataProtection()</c> again, which adds the hosted service back.
    /// </summary>
    public static IServiceCollection ReadKeyRingOnFirstUse(this IServiceCollection services)
    {
        var preload = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Name == "DataProtectionHostedService").ToList();
        if (preload.Count == 0)
        {
            throw new InvalidOperationException("The Data Protection start-up read was not found: has ASP.NET Core renamed DataProtectionHostedService?");
        }

        foreach (var descriptor in preload)
        {
            services.Remove(descriptor);
        }

        return services;
    }
}
