using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Eucaim.Core.Data;

public static class EucaimDatabase
{
    /// <summary>The AppHost's name for the database: also the connection string key.</summary>
    public const string ConnectionName = "eucaim";

    public static IHostApplicationBuilder AddEucaimDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<EucaimDbContext>(ConnectionName, configureDbContextOptions: o => Configure(o));
        // The one clock of the platform's services: every rule and every audit timestamp reads it.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<UnitOfWork>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database-schema", tags: ["ready"]);
        return builder;
    }

    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention();
}
