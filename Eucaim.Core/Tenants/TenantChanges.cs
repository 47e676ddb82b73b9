using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>
/// Announces on <see cref="NotificationChannels.TenantChanged"/>, which wakes the provisioner when a tenant's desired state changes, so a
/// new tenant is provisioned at once instead of at the next poll.
/// </summary>
public static class TenantChanges
{
    /// <summary>Notifies listeners; delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, string slug, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.TenantChanged}, {slug})", cancellationToken);
}
