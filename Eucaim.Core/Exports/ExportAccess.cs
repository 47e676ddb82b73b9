using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Exports;

/// <summary>Who sees an export: the members of its tenant, and those who may review it. To anyone else it does not exist.</summary>
public static class ExportAccess
{
    public static async Task<(ExportRequest? Export, bool IsMember)> FindAsync(
        EucaimDbContext db, PlatformIdentity identity, Guid id, bool tracking, CancellationToken cancellationToken)
    {
        var exports = tracking ? db.ExportRequests : db.ExportRequests.AsNoTracking();
        var export = await exports.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (export is null)
        {
            return (null, false);
        }

        var isMember = await db.Tenants.MemberTenants(identity).AnyAsync(t => t.Id == export.TenantId, cancellationToken);
        return isMember || await ExportReviewers.MayReviewAsync(db, identity, export, cancellationToken) ? (export, isMember) : (null, false);
    }
}
