using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

/// <param name="Id">The node's slug, the <c>kid</c> of its messages (DNS label).</param>
/// <param name="PublicKey">The node's ES256 public key, PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</param>
/// <param name="Datasets">The federated datasets the node serves (catalogue ids).</param>
public sealed record FederatedNodeRequest(string? Id, string? Organisation, string? PublicKey, List<Guid>? Datasets)
{
    public NodeRegistration ToRegistration() => new(Id, Organisation, PublicKey, Datasets);
}

/// <param name="State"><c>active</c> or <c>revoked</c>.</param>
public sealed record FederatedNodeResponse(
    string Id, string Organisation, string Fingerprint, IReadOnlyList<Guid> Datasets, string State,
    DateTimeOffset RegisteredAt, string RegisteredBy, DateTimeOffset? RevokedAt, string? RevokedBy, DateTimeOffset? LastSeenAt)
{
    public static FederatedNodeResponse From(FederatedNode n) => new(
        n.Id, n.Organisation, n.Fingerprint, n.Datasets, n.State.ToString().ToLowerInvariant(), n.RegisteredAt, n.RegisteredBy, n.RevokedAt, n.RevokedBy, n.LastSeenAt);
}

/// <summary>The hub's public key, to install at a node after comparing <see cref="Fingerprint"/> out of band.</summary>
public sealed record FederationKeyResponse(string Id, string PublicKey, string Fingerprint, string Algorithm);

/// <summary>A federated count search. Sex, ages, modality, body part and manufacturer are counted by the nodes; cancer type, tier and datasets choose the datasets.</summary>
/// <param name="Sex"><c>F</c>, <c>M</c> or <c>O</c>.</param>
/// <param name="AgeMin">Whole years at the study date, 0–150, inclusive.</param>
/// <param name="AgeMax">Whole years at the study date, 0–150, inclusive, not below <paramref name="AgeMin"/>.</param>
/// <param name="Modality">A DICOM modality code, e.g. <c>MR</c>.</param>
public sealed record FederatedCountsRequest(
    string? Sex, int? AgeMin, int? AgeMax, string? CancerType, string? Modality, string? BodyPart, string? Manufacturer, string? Tier, List<Guid>? Datasets)
{
    public CountsAsk ToAsk() => new(Sex, AgeMin, AgeMax, CancerType, Modality, BodyPart, Manufacturer, Tier, Datasets);
}

/// <summary>The filters of a federated search as the hub understood them.</summary>
public sealed record FederatedCountsFilters(
    string? Sex, int? AgeMin, int? AgeMax, string? CancerType, string? Modality, string? BodyPart, string? Manufacturer, string? Tier, IReadOnlyList<Guid> Datasets);

/// <param name="Complete">Every node asked answered (in time, for the search's own answer).</param>
/// <param name="Note">In plain words, what is missing when the result is partial.</param>
public sealed record FederatedCountsResponse(
    Guid QueryId, DateTimeOffset AskedAt, DateTimeOffset AnswerBy, FederatedCountsFilters Filters, bool Complete,
    IReadOnlyList<FederatedNodeCountsResponse> Nodes, CountTotals Totals, string? Note)
{
    public static FederatedCountsResponse From(FederatedCountsReport r) => new(
        r.Query.Id, r.Query.AskedAt, r.Query.AnswerBy,
        new FederatedCountsFilters(r.Query.Sex, r.Query.AgeMin, r.Query.AgeMax, r.Query.CancerType, r.Query.Modality, r.Query.BodyPart, r.Query.Manufacturer, r.Query.Tier, r.Query.Datasets),
        r.Complete, r.Nodes.Select(FederatedNodeCountsResponse.From).ToList(), r.Totals, r.Note);
}

/// <param name="Status"><c>answered</c>, <c>answered-late</c>, <c>timed-out</c> or (re-read during the search) <c>pending</c>.</param>
/// <param name="AnsweredAfter">Milliseconds from the question to the answer.</param>
/// <param name="Privacy">How the node made its counts private.</param>
public sealed record FederatedNodeCountsResponse(
    string Node, string Organisation, string Status, long? AnsweredAfter, CountPrivacy? Privacy, IReadOnlyList<ShownDatasetCounts> Datasets)
{
    public static FederatedNodeCountsResponse From(NodeCounts n) => new(n.Node, n.Organisation, n.Status, n.AnsweredAfter, n.Privacy, n.Datasets);
}
