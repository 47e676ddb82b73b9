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
    /// Registers <see cref="IAuditTrail"/> and <see cref="AuditVerifier"/>. Standalone appends use a
    /// connection pool of their own on the platform's database (connection string <c>eucaim</c>).
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
        services.TryAddScoped<AuditVerifier>();
        return services;
    }

    private const string AuditDataSourceKey = "eucaim-audit";
}
