using System.ComponentModel.DataAnnotations;

namespace Eucaim.Core.Audit;

/// <summary><c>Eucaim:Audit</c>: how refusals are folded into the chain and how often its head is checkpointed. Set the same on Api and Workers.</summary>
public sealed class AuditOptions
{
    public const string Section = "Eucaim:Audit";

    /// <summary>
    /// Refusals (403s, hiding 404s) of one actor on one route within this window become one chained
    /// entry with their count, so a caller cannot flood the chain. Windows are aligned to the epoch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan DenialWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the Workers look for closed windows to fold into the chain.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan DenialFoldInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the Workers write a signed checkpoint of the chain's head (when it moved), besides one at shutdown.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);
}
