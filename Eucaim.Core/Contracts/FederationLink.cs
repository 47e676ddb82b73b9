namespace Eucaim.Core.Contracts;

/// <summary>
/// The hub's link endpoints, which only nodes call (outbound from the hospital; the hub never opens a
/// connection to a node). Each takes one signed <see cref="FederationMessage"/> as its body
/// (<see cref="FederationMessage.MediaType"/>).
/// </summary>
public static class FederationLink
{
    /// <summary>
    /// Long poll: the body is a <see cref="FederationMessageKinds.Poll"/> message; the hub holds the
    /// request until it has messages for the node or <see cref="LinkPoll.WaitSeconds"/> pass, then
    /// answers 200 with <see cref="LinkDelivery"/> (possibly empty).
    /// </summary>
    public const string PollPath = "/federation/link/poll";

    /// <summary>A node's answer (e.g. <see cref="FederationMessageKinds.CountAnswer"/>): 202 when accepted.</summary>
    public const string MessagesPath = "/federation/link/messages";
}

/// <param name="WaitSeconds">How long the hub may hold the poll open (1–60; the node's HTTP time-out is longer).</param>
public sealed record LinkPoll(int WaitSeconds);

/// <summary>The hub's answer to a poll: signed messages for the node, oldest first, each a compact JWS.</summary>
public sealed record LinkDelivery(IReadOnlyList<string> Messages);
