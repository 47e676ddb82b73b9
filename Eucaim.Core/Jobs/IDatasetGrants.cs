namespace Eucaim.Core.Jobs;

/// <summary>
/// The grants a job may use: the one active grant of a tenant on a dataset, and whether a grant a
/// running job relies on is still active. Backed by the access capability's grants.
/// </summary>
public interface IDatasetGrants
{
    Task<ActiveGrant?> FindActiveAsync(Guid tenantId, Guid datasetId, CancellationToken cancellationToken);

    /// <summary>The ids among <paramref name="grantIds"/> that are no longer active (revoked, expired or gone).</summary>
    Task<IReadOnlySet<Guid>> EndedAsync(IReadOnlyCollection<Guid> grantIds, CancellationToken cancellationToken);
}

/// <summary>An active grant and the published version it resolves to (0: nothing published yet).</summary>
public sealed record ActiveGrant(Guid GrantId, int Version);
