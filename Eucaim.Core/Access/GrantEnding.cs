using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Access;

public static class GrantEnding
{
    /// <summary>
    /// Sends <c>NOTIFY grant_ended, '&lt;id&gt;'</c> inside <paramref name="db"/>'s current transaction:
    /// PostgreSQL delivers it when (and only if) the revocation or expiry commits.
    /// </summary>
    public static async Task AnnounceAsync(EucaimDbContext db, Guid grantId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Announce a grant's end inside the transaction that ends it.");
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.GrantEnded}, {grantId.ToString("D")})", cancellationToken);
    }
}
