namespace Eucaim.Core.Jobs;

/// <summary>
/// An entry of the admin-managed image allow-list: only these images run in a bubble. On a cluster
/// the job runs <c>Reference@Digest</c>, so a re-pushed tag cannot swap the code under review; the
/// local backend maps the reference to a local command in its configuration.
/// </summary>
public sealed class JobImage
{
    /// <summary>e.g. <c>ghcr.io/eucaim/sample-job:1.0</c>.</summary>
    public required string Reference { get; set; }

    /// <summary><c>sha256:</c> and 64 hex digits; required to run on Kubernetes.</summary>
    public string? Digest { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }
}
