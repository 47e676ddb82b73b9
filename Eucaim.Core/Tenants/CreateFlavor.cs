using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>An admin adds a compute size jobs may ask for.</summary>
public sealed class CreateFlavor(UnitOfWork uow)
{
    public async Task<Outcome<Flavor>> RunAsync(Flavor flavor, CancellationToken cancellationToken)
    {
        var errors = FlavorRules.Validate(flavor);
        if (errors.Count > 0)
        {
            return TenantProblems.Invalid(errors);
        }

        return await uow.RunAsync<Flavor>(async (scope, ct) =>
        {
            if (await scope.Db.Flavors.AnyAsync(f => f.Name == flavor.Name, ct))
            {
                return TenantProblems.DuplicateFlavor(flavor.Name);
            }

            flavor.CreatedAt = flavor.UpdatedAt = scope.Now;
            scope.Db.Flavors.Add(flavor);
            return flavor;
        }, cancellationToken, lostRace: () => TenantProblems.DuplicateFlavor(flavor.Name));
    }
}
