using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Eucaim.Core.Audit;

public static class AuditTrailSetup
{
    /// <summary>
    /// Registers <see cref="IAuditTrail"/>, <see cref="AuditDenials"/>, <see cref="AuditCheckpoints"/>
    /// (where blob storage is registered too) and <see cref="AuditVerifier"/>, with
    /// <see cref="AuditOptions"/>. Standalone appends use a connection pool of their own on the
    /// platform's database (connection string <c>eucaim</c>).
    /// </summary>
    public static IHostApplicationBuilder AddEucaimAuditCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEucaimAuditCore();
        return builder;
    }

    /// <inheritdoc cref="AddEucaimAuditCore(IHostApplicationBuilder)"/>
    public static IServiceCollection AddEucaimAuditCore(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton<NpgsqlDataSource>(AuditDataSourceKey, (sp, _) =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(EucaimDatabase.ConnectionName)
                ?? throw new InvalidOperationException($"The audit trail needs the connection string '{EucaimDatabase.ConnectionName}'.");
            return new NpgsqlDataSourceBuilder(connectionString) { Name = "eucaim-audit" }.Build();
        });
        services.TryAddSingleton<IAuditTrail>(sp => new AuditTrail(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(AuditDataSourceKey),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AuditDenials(sp.GetRequiredKeyedService<NpgsqlDataSource>(AuditDataSourceKey)));
        services.TryAddSingleton<PlatformSigningKey>();
        services.TryAddSingleton<AuditCheckpoints>();
        services.TryAddScoped(sp => new AuditVerifier(
            sp.GetRequiredService<EucaimDbContext>(),
            sp.GetService<Azure.Storage.Blobs.BlobServiceClient>() is null ? null : sp.GetRequiredService<AuditCheckpoints>()));
        if (!services.Any(s => s.ServiceType == typeof(Microsoft.Extensions.Options.IConfigureOptions<AuditOptions>)))
        {
            services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        }

        return services;
    }

    private const string AuditDataSourceKey = "eucaim-audit";
}
