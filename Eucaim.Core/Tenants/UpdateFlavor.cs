using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>An admin changes a flavor; its name never changes (tenants and jobs refer to it).</summary>
public sealed class UpdateFlavor(UnitOfWork uow)
{
    /// <param name="wanted">The new values; its name is the one the request gave, if any.</param>
    public async Task<Outcome<Flavor>> RunAsync(string name, Flavor wanted, CancellationToken cancellationToken)
    {
        if (wanted.Name != name)
        {
            return TenantProblems.Invalid("name", "A flavor's name cannot change: create a new flavor instead.");
        }

        var errors = FlavorRules.Validate(wanted);
        if (errors.Count > 0)
        {
            return TenantProblems.Invalid(errors);
        }

        return await uow.RunAsync<Flavor>(async (scope, ct) =>
        {
            var row = await scope.Db.Flavors.FirstOrDefaultAsync(f => f.Name == name, ct);
            if (row is null)
            {
                return TenantProblems.FlavorNotFound(name);
            }

            row.Description = wanted.Description;
            row.CpuMillicores = wanted.CpuMillicores;
            row.MemoryMib = wanted.MemoryMib;
            row.GpuCount = wanted.GpuCount;
            row.GpuType = wanted.GpuType;
            row.EphemeralStorageGib = wanted.EphemeralStorageGib;
            row.SharedMemoryMib = wanted.SharedMemoryMib;
            row.RuntimeClassName = wanted.RuntimeClassName;
            row.NodeSelector = wanted.NodeSelector;
            row.Tolerations = wanted.Tolerations;
            row.MaxRuntimeMinutes = wanted.MaxRuntimeMinutes;
            row.UpdatedAt = scope.Now;
            return row;
        }, cancellationToken, lostRace: () => TenantProblems.Conflict($"Flavor '{name}' was changed by someone else at the same time; read it again and retry."));
    }
}
