using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Access;

/// <summary>The dataset's data holders (or an admin) set whether their approval is required on access requests, and the airlock's small-cell threshold.</summary>
public sealed class SetAccessPolicy(UnitOfWork uow, AccessClock clock)
{
    public async Task<Outcome<DatasetAccessPolicy>> RunAsync(Actor actor, Guid datasetId, bool? requiresDataHolderApproval, int? smallCellThreshold, CancellationToken cancellationToken)
    {
        if (requiresDataHolderApproval is not { } requires)
        {
            return Problem.Invalid("requiresDataHolderApproval", "true or false is required.");
        }

        if (smallCellThreshold is < 1 or > DatasetAccessPolicy.MaxSmallCellThreshold)
        {
            return Problem.Invalid("smallCellThreshold", $"smallCellThreshold must be between 1 and {DatasetAccessPolicy.MaxSmallCellThreshold} (1 flags no count).");
        }

        return await uow.RunAsync<DatasetAccessPolicy>(async (scope, ct) =>
        {
            var db = scope.Db;
            var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, ct);
            if (dataset is null || !AccessVisibility.Sees(actor.Identity, dataset))
            {
                return Problem.NotFound("dataset", datasetId, hidesExisting: dataset is not null);
            }

            if (!actor.Identity.IsAdmin && !actor.Identity.HoldsDataFor(dataset.OrganizationKey))
            {
                return Problem.Forbidden("Only the dataset's organization may change its access policy.",
                    $"This dataset belongs to '{dataset.OrganizationKey}'.", "dataset-owner");
            }

            var policy = await db.DatasetAccessPolicies.FirstOrDefaultAsync(p => p.DatasetId == datasetId, ct);
            if (policy is null)
            {
                policy = new DatasetAccessPolicy { DatasetId = datasetId, UpdatedBy = actor.Subject };
                db.DatasetAccessPolicies.Add(policy);
            }

            policy.RequiresDataHolderApproval = requires;
            policy.SmallCellThreshold = smallCellThreshold ?? policy.SmallCellThreshold;
            policy.UpdatedAt = clock.GetUtcNow();
            policy.UpdatedBy = actor.Subject;
            scope.Audit(actor.Audit(AuditActions.DatasetAccessPolicyChanged) with
            {
                DatasetId = datasetId,
                TargetType = "dataset",
                TargetId = datasetId.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["requiresDataHolderApproval"] = requires ? "true" : "false",
                    ["smallCellThreshold"] = policy.SmallCellThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            });
            return policy;
        }, cancellationToken, lostRace: () => Problem.Conflict("The policy changed meanwhile.",
            "Another change of this dataset's access policy committed first; read it and try again.", "policy-changed"));
    }
}
