using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Eucaim.Core.Data;

/// <summary>Healthy only when the schema is migrated: the check queries a migrated table, not just the server.</summary>
internal sealed class DatabaseHealthCheck(EucaimDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var users = await db.Users.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Database answers; {users} users recorded.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"Database query failed: {ex.Message}", ex);
        }
    }
}
