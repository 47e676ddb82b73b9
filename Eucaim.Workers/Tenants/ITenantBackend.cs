namespace Eucaim.Workers.Tenants;

/// <summary>A place tenants live in: a Kubernetes cluster, or sandbox folders on this machine.</summary>
public interface ITenantBackend
{
    /// <summary>Brings the backend to the spec, repairing drift; writes nothing when it already matches.</summary>
    Task<ProvisionOutcome> ApplyAsync(TenantSpec spec, CancellationToken cancellationToken);

    /// <summary>Stops the tenant's jobs and removes everything of it; true once nothing is left.</summary>
    Task<bool> RemoveAsync(string slug, CancellationToken cancellationToken);
}

/// <summary>What an apply did: the objects it created or repaired (empty when nothing drifted).</summary>
public sealed record ProvisionOutcome(IReadOnlyList<string> Changed);
