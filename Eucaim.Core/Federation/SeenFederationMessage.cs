namespace Eucaim.Core.Federation;

/// <summary>
/// A federation message id once accepted, kept until its freshness window has passed (after that the
/// message is refused as too old anyway), so a replayed copy is refused as seen.
/// </summary>
public sealed class SeenFederationMessage
{
    public required string Sender { get; init; }

    public Guid MessageId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset ForgetAfter { get; init; }
}
