using System.ComponentModel.DataAnnotations;

namespace Eucaim.Core.Access;

/// <summary>Settings of access requests and grants (<c>Eucaim:Access</c>), validated on start.</summary>
public sealed class AccessOptions
{
    public const string Section = "Eucaim:Access";

    /// <summary>The longest access a request may ask for and a grant may last, in days.</summary>
    [Range(1, 3650)]
    public int MaxGrantDays { get; set; } = 730;

    /// <summary>How often the Workers' sweeper looks for grants that reached their end.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The platform's public base URL (e.g. <c>https://eucaim.example.org</c>): the visas' issuer and
    /// <c>source</c>, and the prefix of dataset URLs in them. Empty: the URL the request came in on.
    /// </summary>
    [Url]
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Lets an admin move the access clock forward (<c>PUT /api/admin/test-clock</c>), to test grant
    /// expiry without waiting. Refused on start outside the Development environment.
    /// </summary>
    public bool AdjustableClock { get; set; }
}
