using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>An admin removes a flavor that no tenant allows any more.</summary>
public sealed class DeleteFlavor(UnitOfWork uow)
{
    public Task<Outcome<Done>> RunAsync(string name, CancellationToken cancellationToken) =>
        uow.RunAsync<Done>(async (scope, ct) =>
        {
            var row = await scope.Db.Flavors.FirstOrDefaultAsync(f => f.Name == name, ct);
            if (row is null)
            {
                return TenantProblems.FlavorNotFound(name);
            }

            var users = await scope.Db.Tenants.CountAsync(t => t.AllowedFlavors.Contains(name), ct);
            if (users > 0)
            {
                return TenantProblems.Conflict($"Flavor '{name}' is allowed by {users} tenant(s): remove it from them first.");
            }

            scope.Db.Flavors.Remove(row);
            return Done.Value;
        }, cancellationToken);
}
