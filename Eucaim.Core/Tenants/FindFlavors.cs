using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>The flavors, for everyone signed in: all of them by name, or one.</summary>
public sealed class FindFlavors(EucaimDbContext db)
{
    public Task<List<Flavor>> AllAsync(CancellationToken cancellationToken) =>
        db.Flavors.AsNoTracking().OrderBy(f => f.Name).ToListAsync(cancellationToken);

    public async Task<Outcome<Flavor>> RunAsync(string name, CancellationToken cancellationToken)
    {
        var row = await db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == name, cancellationToken);
        return row is null ? TenantProblems.FlavorNotFound(name) : row;
    }
}
