using Eucaim.Core.Data;

namespace Eucaim.Core.Access;

/// <summary>Adds notifications to the caller's unit of work (saved with the change that causes them).</summary>
public sealed class Notifier(EucaimDbContext db, AccessClock clock)
{
    public void Notify(string recipient, string kind, string message, Guid? accessRequestId = null, Guid? grantId = null, Guid? datasetId = null) =>
        db.Notifications.Add(new Notification
        {
            Recipient = recipient,
            Kind = kind,
            Message = message.Length > 1000 ? message[..1000] : message,
            AccessRequestId = accessRequestId,
            GrantId = grantId,
            DatasetId = datasetId,
            CreatedAt = clock.GetUtcNow(),
        });
}
