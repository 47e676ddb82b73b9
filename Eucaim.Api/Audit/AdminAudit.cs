using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Audit;

/// <summary>Admin actions that already leave an event row (tenant events) become audit entries too.</summary>
internal static class AdminAudit
{
    /// <summary>One audit entry per tenant event about to be saved.</summary>
    public static List<AuditEntry> ForTenantEvents(EucaimDbContext db) =>
        [.. db.ChangeTracker.Entries<TenantEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => new AuditEntry(AuditActions.TenantAdminAction, e.Entity.Actor)
            {
                TenantSlug = e.Entity.TenantSlug,
                TargetType = "tenant",
                TargetId = e.Entity.TenantId.ToString(),
                Details = new Dictionary<string, string?> { ["action"] = e.Entity.Action, ["state"] = e.Entity.Detail },
            })];
}
