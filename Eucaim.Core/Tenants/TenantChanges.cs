using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>
/// The PostgreSQL channel that wakes the provisioner when a tenant's desired state changes, so a
/// new tenant is provisioned at once instead of at the next poll.
/// </summary>
public static class TenantChanges
{
    public const string Channel = "tenant_changed";

    /// <summary>Notifies listeners; delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, string slug, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {slug})", cancellationToken);
}
