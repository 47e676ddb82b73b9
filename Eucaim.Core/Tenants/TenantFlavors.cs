using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>Reads which of the flavors a tenant would allow exist.</summary>
internal static class TenantFlavors
{
    public static async Task<IReadOnlyCollection<string>> KnownAsync(EucaimDbContext db, List<string>? names, CancellationToken cancellationToken)
    {
        var wanted = TenantChangeRules.Distinct(names);
        return wanted.Count == 0 ? [] : await db.Flavors.Where(f => wanted.Contains(f.Name)).Select(f => f.Name).ToListAsync(cancellationToken);
    }
}
