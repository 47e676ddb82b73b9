using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

/// <param name="Reason">Why: required to refuse a run or withhold its result (the researcher is told it), optional otherwise.</param>
public sealed record NodeRunDecisionRequest(string? Reason);

/// <summary>A run the hub sent this node, as its data holders see it.</summary>
/// <param name="State"><c>awaiting-approval</c>, <c>refused</c>, <c>approved</c>, <c>running</c>, <c>awaiting-release</c>, <c>released</c>, <c>withheld</c> or <c>failed</c>.</param>
/// <param name="Reason">The reason sent to the hub with a refusal, a failure or a withheld result.</param>
/// <param name="Organisations">The organisations holding the run's datasets here: their data holders decide.</param>
/// <param name="DecidedBy">A data holder's subject, or <c>policy</c> when the node's configuration decided.</param>
/// <param name="Result">The checked result: held here while the run awaits release; what the hub got once released.</param>
/// <param name="ReportedState">The last state the hub was told; it differs from <paramref name="State"/> until the node's next poll.</param>
/// <param name="YouDecide">Whether you may approve, refuse, release or withhold it.</param>
public sealed record NodeRunResponse(
    Guid Id, string State, string? Reason, string Image, IReadOnlyList<Guid> Datasets, IReadOnlyList<string> Organisations, RunRequester Requester,
    IReadOnlyList<string> Arguments, IReadOnlyList<string> Metrics, IReadOnlyList<string> Counts, DateTimeOffset ReceivedAt, string? DecidedBy,
    DateTimeOffset? DecidedAt, FederatedRunResultResponse? Result, DateTimeOffset? ResultAt, string? ReleasedBy, DateTimeOffset? ReleasedAt,
    string? ReportedState, bool YouDecide)
{
    public static NodeRunResponse From(NodeRunView view)
    {
        var r = view.Run;
        var request = JsonSerializer.Deserialize<RunRequest>(r.Request, FederationJson.Options)!;
        return new(
            r.Id, r.State, r.Reason, r.Image, r.Datasets, view.Organisations, new RunRequester(r.RequesterSubject, r.RequesterTenant, r.RequesterOrganisation),
            request.Arguments ?? [], request.Schema?.Metrics ?? [], request.Schema?.Counts ?? [], r.ReceivedAt, r.DecidedBy, r.DecidedAt,
            r.Result is null ? null : FederatedRunResultResponse.From(JsonSerializer.Deserialize<RunResult>(r.Result, FederationJson.Options)!),
            r.ResultAt, r.ReleasedBy, r.ReleasedAt, r.ReportedState, view.CallerDecides);
    }
}
