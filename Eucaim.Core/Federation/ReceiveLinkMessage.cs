using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// The authentication of the hub's link: the signature is the credential. The claimed sender must be
/// a registered node, its key must verify the JWS, the message must be for the hub, fresh and new
/// (the replay guard), of the kind the endpoint takes, and the node must not be revoked.
/// </summary>
public sealed class ReceiveLinkMessage(EucaimDbContext db, FederationMessageChecks checks, FederationHubKey hubKey, TimeProvider time)
{
    public const int MaxMessageChars = 256 * 1024;

    /// <param name="claimedNode">The registered node the message claimed to come from, when there is one (for the audit of a refusal).</param>
    public Task<Outcome<LinkReceipt>> RunAsync(string jws, string kind, Action<string> claimedNode, CancellationToken cancellationToken) =>
        RunAsync(jws, [kind], claimedNode, cancellationToken);

    /// <param name="kinds">The message kinds the endpoint takes.</param>
    public async Task<Outcome<LinkReceipt>> RunAsync(string jws, IReadOnlyCollection<string> kinds, Action<string> claimedNode, CancellationToken cancellationToken)
    {
        if (hubKey.NotSetUp is { } notSetUp)
        {
            return notSetUp;
        }

        jws = jws.Trim();
        if (jws.Length == 0 || jws.Length > MaxMessageChars)
        {
            return Problem.Invalid("body", $"the body must be one compact JWS of at most {MaxMessageChars} characters.");
        }

        var sender = FederationMessage.ClaimedSender(jws);
        if (sender is null)
        {
            return FederationProblems.Unauthenticated("no-sender", "the message names no sender (kid)");
        }

        var node = await db.FederatedNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == sender, cancellationToken);
        if (node is null)
        {
            return FederationProblems.Unauthenticated("unknown-node", $"no node '{Printable(sender)}' is registered on this hub");
        }

        claimedNode(node.Id);
        using var key = FederationKey.PublicFromPem(node.PublicKey, out var keyProblem)
            ?? throw new InvalidOperationException($"the stored key of node {node.Id} is unreadable: {keyProblem}");
        var message = FederationMessage.Read(jws, key, out var problem);
        if (message is null)
        {
            return FederationProblems.Unauthenticated("bad-signature", problem ?? "the message does not verify");
        }

        if (await checks.AcceptAsync(message, FederationMessage.HubId, cancellationToken) is { } refused)
        {
            return FederationProblems.Unauthenticated("message-not-accepted", refused);
        }

        if (node.State == FederatedNodeState.Revoked)
        {
            return FederationProblems.Revoked(node.Id);
        }

        await db.FederatedNodes.Where(n => n.Id == node.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LastSeenAt, time.GetUtcNow()), cancellationToken);
        if (!kinds.Contains(message.Kind))
        {
            return Problem.Invalid("kind", $"this endpoint takes {string.Join(" or ", kinds)} messages, not {Printable(message.Kind)}.");
        }

        return new LinkReceipt(node, message);
    }

    private static string Printable(string text) => string.Concat(text.Take(63).Select(c => c is < ' ' or > '~' ? '?' : c));
}
