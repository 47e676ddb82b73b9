using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// What a receiver checks of a message whose signature verified, on either side of the link: it is
/// addressed to the receiver, it is fresh (issued within <see cref="Lifetime"/> of now, either way, for
/// clock skew) and its id was never accepted from that sender before. The id is recorded in
/// <c>federation_seen_messages</c> by the same insert that checks it, so two replicas receiving the
/// same copy at once accept it once.
/// </summary>
public sealed class FederationMessageChecks(EucaimDbContext db, TimeProvider time)
{
    /// <summary>How far a message's issue time may be from the receiver's clock.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <returns>Null when the message is accepted; otherwise why it is refused.</returns>
    public async Task<string?> AcceptAsync(FederationMessage message, string receiver, CancellationToken cancellationToken)
    {
        if (!string.Equals(message.Recipient, receiver, StringComparison.Ordinal))
        {
            return $"the message is addressed to {message.Recipient}, not to {receiver}";
        }

        var now = time.GetUtcNow();
        if (message.IssuedAt < now - Lifetime || message.IssuedAt > now + Lifetime)
        {
            return $"the message was issued at {message.IssuedAt:O}, more than {Lifetime.TotalMinutes:0} minutes from this side's clock ({now:O})";
        }

        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO federation_seen_messages (sender, message_id, received_at, forget_after)
             VALUES ({message.Sender}, {message.Id}, {now}, {message.IssuedAt + Lifetime + Lifetime})
             ON CONFLICT DO NOTHING
             """,
            cancellationToken);
        return inserted == 1 ? null : $"message {message.Id} from {message.Sender} was already received (a replay)";
    }

    /// <summary>Forgets the ids whose messages would now be refused as too old; returns how many.</summary>
    public Task<int> ForgetExpiredAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM federation_seen_messages WHERE forget_after < {time.GetUtcNow()}", cancellationToken);
}
