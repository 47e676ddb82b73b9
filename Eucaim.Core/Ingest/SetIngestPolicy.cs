using System.Security.Cryptography;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

/// <summary>Sets a dataset's de-identification policy for ingest (its organization's data holders and admins).</summary>
public sealed class SetIngestPolicy(UnitOfWork uow)
{
    public Task<Outcome<IngestPolicySettings>> RunAsync(
        Actor actor, Guid datasetId, string? mode, bool retainUids, int? dateShiftRangeDays, CancellationToken cancellationToken) =>
        uow.RunAsync<IngestPolicySettings>(async (scope, ct) =>
        {
            var owned = await IngestAccess.OwnedDatasetAsync(scope.Db, actor.Identity, datasetId, ct);
            if (!owned.Succeeded)
            {
                return owned.Problem;
            }

            var settings = IngestPolicySettings.Parse(mode, retainUids, dateShiftRangeDays);
            if (!settings.Succeeded)
            {
                return settings.Problem;
            }

            var policy = await scope.Db.DatasetIngestPolicies.FindAsync([datasetId], ct);
            if (policy is null)
            {
                // The secret behind de-identified UIDs and date shifts: made once, never shown.
                policy = new DatasetIngestPolicy { DatasetId = datasetId, SiteSecret = RandomNumberGenerator.GetBytes(32), UpdatedBy = "" };
                scope.Db.DatasetIngestPolicies.Add(policy);
            }

            policy.Mode = settings.Value.Mode;
            policy.RetainUids = settings.Value.RetainUids;
            policy.DateShiftRangeDays = settings.Value.DateShiftRangeDays;
            policy.UpdatedAt = scope.Now;
            policy.UpdatedBy = actor.Identity.Author();
            return settings.Value;
        }, cancellationToken, lostRace: () => Problem.Conflict("The policy was set by someone else at the same time.",
            "Another request created the dataset's policy first; read it again and send yours once more.", "concurrent-change"));
}
