namespace Eucaim.Core.Audit;

/// <summary>
/// A row of <c>audit_denials</c>: the refusals of one actor on one route with one status within one
/// window, counted as they happen (an upsert, not a chained append) and folded into the chain as
/// one <see cref="AuditActions.AuthorizationFailed"/> entry once the window has closed. Not part of
/// the chain and writable by the services: it holds only what has not been chained yet.
/// </summary>
public sealed class AuditDenialCount
{
    public DateTimeOffset WindowStart { get; set; }

    public required string Actor { get; set; }

    /// <summary>The method and route pattern: <c>GET /api/access-requests/{id:guid}</c>.</summary>
    public required string Route { get; set; }

    public int Status { get; set; }

    public long Count { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }

    /// <summary>The client address of the first refusal.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>
    /// Up to <see cref="AuditDenials.MaxTargetsListed"/> distinct things the refusals were about, first
    /// first: what a 404 hid (<c>access request {id}</c>), the path of a 403.
    /// </summary>
    public string[] Targets { get; set; } = [];
}
