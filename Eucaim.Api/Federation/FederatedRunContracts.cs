using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

/// <summary>A federated validation run: an allow-listed image run at each node on the tenant's granted federated datasets.</summary>
/// <param name="Tenant">The tenant whose grants and flavors the run uses (you must be a member).</param>
/// <param name="Image">A reference from the job images allow-list.</param>
/// <param name="Datasets">Federated datasets granted to the tenant; each node gets its own.</param>
/// <param name="Metrics">The metrics the run returns: dice, iou, hd95, auc, f1, accuracy, sensitivity, specificity.</param>
/// <param name="Counts">Named counts the run returns, released by each node with its count policy.</param>
public sealed record FederatedRunRequest(
    string? Tenant, string? Image, List<Guid>? Datasets, string? Flavor, List<string>? Metrics, List<string>? Counts, List<string>? Arguments)
{
    public FederatedRunDraft ToDraft() => new(Tenant, Image, Datasets, Flavor, Metrics, Counts, Arguments);
}

public sealed record FederatedRunResponse(
    Guid Id, string Tenant, string SubmittedBy, DateTimeOffset SubmittedAt, string Image, string Flavor, IReadOnlyList<Guid> Datasets,
    IReadOnlyList<string> Metrics, IReadOnlyList<string> Counts, IReadOnlyList<string> Arguments, IReadOnlyList<FederatedRunNodeResponse> Nodes)
{
    public static FederatedRunResponse From(FederatedRun r) => new(
        r.Id, r.TenantSlug, r.SubmittedBy, r.SubmittedAt, r.Image, r.Flavor, r.Datasets, r.Metrics, r.Counts, r.Arguments,
        r.Nodes.OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(FederatedRunNodeResponse.From).ToList());
}

/// <param name="State"><c>pending</c>, <c>accepted</c>, <c>refused</c>, <c>running</c>, <c>failed</c>, <c>succeeded</c> or <c>result-refused</c>.</param>
/// <param name="Reason">The node's reason (refused, failed) or the hub's (result-refused), in words.</param>
/// <param name="Result">The node's schema-valid result, once accepted.</param>
public sealed record FederatedRunNodeResponse(
    string Node, IReadOnlyList<Guid> Datasets, string State, string? Reason, DateTimeOffset? DeliveredAt, DateTimeOffset UpdatedAt, FederatedRunResultResponse? Result)
{
    public static FederatedRunNodeResponse From(FederatedRunNode n) => new(
        n.NodeId, n.Datasets, n.State, n.Reason, n.DeliveredAt, n.UpdatedAt,
        n.Result is null ? null : FederatedRunResultResponse.From(JsonSerializer.Deserialize<RunResult>(n.Result, FederationJson.Options)!));
}

public sealed record FederatedRunResultResponse(IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, PrivateCount> Counts)
{
    public static FederatedRunResultResponse From(RunResult r) => new(r.Metrics, r.Counts ?? new Dictionary<string, PrivateCount>());
}
