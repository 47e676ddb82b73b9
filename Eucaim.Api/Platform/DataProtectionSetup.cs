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
        // ASP.NET Core reads the key ring while the host starts; from the database that blocks the start
        // (and /alive, so the liveness probe restarts the pod) for as long as the database retries last
        // when it is down. The ring is read on first use instead, which every request that needs it waits for anyway.
        var preload = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Name == "DataProtectionHostedService").ToList();
        foreach (var descriptor in preload)
        {
            builder.Services.Remove(descriptor);
        }

        return builder;
    }
}
