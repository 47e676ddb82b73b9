using System.ComponentModel.DataAnnotations;

namespace Eucaim.Workers.Platform;

/// <summary>
/// How the single-instance loops hold their leases, bound from <c>Eucaim:Leases</c>. The defaults are
/// client-go's leader election: a replica that stops renewing is replaced after at most
/// <see cref="Duration"/> plus one <see cref="RetryInterval"/>.
/// </summary>
public sealed class LeaseOptions
{
    public const string Section = "Eucaim:Leases";

    /// <summary>
    /// Kubernetes: how long a Lease stays with its holder after its last renewal (<c>leaseDurationSeconds</c>).
    /// Another replica takes over once <c>renewTime</c> + this has passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Kubernetes: a holder that has not renewed for this long stops its work, before
    /// <see cref="Duration"/> lets another replica in; the margin covers clock skew between nodes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the holder renews (Kubernetes) or checks its session (PostgreSQL), and how often
    /// the others try to acquire.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Kubernetes: the namespace of the Lease objects; by default the pod's own (from its service account).</summary>
    public string? Namespace { get; set; }

    /// <summary>This replica's identity in a lease; by default the host name (the pod name on a cluster) and, locally, the process id.</summary>
    public string? Holder { get; set; }

    public IEnumerable<string> Validate()
    {
        if (RenewDeadline >= Duration)
        {
            yield return $"{nameof(RenewDeadline)} must be shorter than {nameof(Duration)}, or a holder could still work after another took over.";
        }

        if (RetryInterval >= RenewDeadline)
        {
            yield return $"{nameof(RetryInterval)} must be shorter than {nameof(RenewDeadline)}, or a holder would lose its lease between two renewals.";
        }
    }
}
