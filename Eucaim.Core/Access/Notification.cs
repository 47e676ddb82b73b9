namespace Eucaim.Core.Access;

/// <summary>
/// A message in the platform's inboxes. <see cref="Recipient"/> addresses one person
/// (<c>user:&lt;subject&gt;</c>) or everyone holding a role or membership (<c>role:access-committee</c>,
/// <c>org:&lt;organization&gt;</c>, <c>tenant:&lt;slug&gt;</c>); see <see cref="NotificationRecipients"/>.
/// No mail server: the API's inbox is the delivery.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }

    public required string Recipient { get; set; }

    /// <summary>What happened, e.g. <c>access-request.submitted</c>, <c>grant.revoked</c>.</summary>
    public required string Kind { get; set; }

    public required string Message { get; set; }

    public Guid? AccessRequestId { get; set; }

    public Guid? GrantId { get; set; }

    public Guid? DatasetId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>That one person has read a notification (per person, since one can reach many).</summary>
public sealed class NotificationRead
{
    public long NotificationId { get; set; }

    public required string Subject { get; set; }

    public DateTimeOffset ReadAt { get; set; }
}
