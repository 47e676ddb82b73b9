using Eucaim.Core.Audit;
using Eucaim.Core.Identity;

namespace Eucaim.Core.Catalogue;

/// <summary>The audit entries of the dataset lifecycle: the dataset as target, its organization among the details.</summary>
public static class DatasetAuditEntries
{
    public static AuditEntry Entry(Actor actor, string action, Dataset dataset, params (string Key, string? Value)[] details) =>
        actor.Audit(action) with
        {
            DatasetId = dataset.Id,
            TargetType = "dataset",
            TargetId = dataset.Id.ToString(),
            Details = details.Append(("organization", dataset.OrganizationKey)).ToDictionary(d => d.Item1, d => d.Item2),
        };
}
