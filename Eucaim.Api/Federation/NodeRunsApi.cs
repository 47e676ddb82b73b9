using Eucaim.Api.Platform;
using Eucaim.Core.Federation;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Federation;

/// <summary>
/// <c>/api/node/runs</c>, at a federated node only: the runs the hub sent, for the data holders of their datasets to
/// approve or refuse before they run and to release or withhold their results before anything leaves.
/// </summary>
internal static class NodeRunsApi
{
    internal static IEndpointRouteBuilder MapNodeRunsApi(this IEndpointRouteBuilder routes)
    {
        var runs = routes.MapGroup("/api/node/runs").WithTags("Federated node").RequireAuthorization(PlatformPolicies.SignedIn);
        runs.MapGet("/", ListAsync).WithSummary("Runs the hub sent this node that you hold data for (admins: all), newest first; filter by state.");
        runs.MapGet("/{id:guid}", GetAsync).WithSummary("A run at this node: what was asked, by whom, the decisions, and its result held for release.");
        runs.MapPost("/{id:guid}/approve", (Guid id, NodeRunDecisionRequest? body, Caller caller, DecideNodeRun decide, ReadNodeRuns read, CancellationToken ct) =>
            DecideAsync(id, NodeRunDecision.Approve, body, caller, decide, read, ct)).WithSummary("Approves a run awaiting approval: it runs on the node's next round.");
        runs.MapPost("/{id:guid}/refuse", (Guid id, NodeRunDecisionRequest? body, Caller caller, DecideNodeRun decide, ReadNodeRuns read, CancellationToken ct) =>
            DecideAsync(id, NodeRunDecision.Refuse, body, caller, decide, read, ct)).WithSummary("Refuses a run awaiting approval, saying why (the researcher is told).");
        runs.MapPost("/{id:guid}/release", (Guid id, NodeRunDecisionRequest? body, Caller caller, DecideNodeRun decide, ReadNodeRuns read, CancellationToken ct) =>
            DecideAsync(id, NodeRunDecision.Release, body, caller, decide, read, ct)).WithSummary("Releases a run's checked result to the hub.");
        runs.MapPost("/{id:guid}/withhold", (Guid id, NodeRunDecisionRequest? body, Caller caller, DecideNodeRun decide, ReadNodeRuns read, CancellationToken ct) =>
            DecideAsync(id, NodeRunDecision.Withhold, body, caller, decide, read, ct)).WithSummary("Withholds a run's result, saying why: nothing of it leaves; the run fails at the hub.");
        return routes;
    }

    private static async Task<Results<Ok<List<NodeRunResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? state, Caller caller, ReadNodeRuns read, CancellationToken cancellationToken) =>
        (await read.ListAsync(caller.Identity, state, cancellationToken)).ToResult(caller, runs => TypedResults.Ok(runs.Select(NodeRunResponse.From).ToList()));

    private static async Task<Results<Ok<NodeRunResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, ReadNodeRuns read, CancellationToken cancellationToken) =>
        (await read.RunAsync(caller.Identity, id, cancellationToken)).ToResult(caller, view => TypedResults.Ok(NodeRunResponse.From(view)));

    private static async Task<Results<Ok<NodeRunResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, NodeRunDecision decision, NodeRunDecisionRequest? body, Caller caller, DecideNodeRun decide, ReadNodeRuns read, CancellationToken cancellationToken)
    {
        var decided = await decide.RunAsync(caller.Actor, id, decision, body?.Reason, cancellationToken);
        var outcome = decided.Succeeded ? await read.RunAsync(caller.Identity, id, cancellationToken) : decided.Problem;
        return outcome.ToResult(caller, view => TypedResults.Ok(NodeRunResponse.From(view)));
    }
}
