namespace Eucaim.Core.Access;

public static class GrantQueries
{
    /// <summary>
    /// Grants in force at <paramref name="now"/>: not revoked, <c>ValidFrom &lt;= now &lt; ValidUntil</c>,
    /// and not yet announced as expired (so a grant once expired stays ended even if a clock is set back).
    /// Translated to SQL; every path that lets data reach compute asks this, so revocation and expiry
    /// take effect everywhere at once, whether or not the sweeper has run yet.
    /// </summary>
    public static IQueryable<Grant> ActiveAt(this IQueryable<Grant> grants, DateTimeOffset now) =>
        grants.Where(g => g.RevokedAt == null && g.ExpiredAt == null && g.ValidFrom <= now && g.ValidUntil > now);

    /// <summary>Active grants of a tenant for a dataset that cover <paramref name="version"/> (null: the latest published).</summary>
    public static IQueryable<Grant> Covering(this IQueryable<Grant> grants, Guid tenantId, Guid datasetId, int? version) =>
        version is null
            ? grants.Where(g => g.TenantId == tenantId && g.DatasetId == datasetId && g.Version == null)
            : grants.Where(g => g.TenantId == tenantId && g.DatasetId == datasetId && (g.Version == null || g.Version == version));
}
