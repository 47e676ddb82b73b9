using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Access;

/// <summary><c>POST /api/access-requests/{id}/decisions</c>: one party's decision on one dataset (<see cref="DecideAccessRequest"/>).</summary>
internal static class DecideEndpoint
{
    public static async Task<Results<Ok<AccessRequestResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, AccessDecisionRequest? body, Caller caller, DecideAccessRequest decide, CancellationToken cancellationToken)
    {
        var input = new AccessDecisionInput(body?.DatasetId, body?.Decision, body?.As, body?.Comment, body?.ValidUntil, body?.Conditions);
        var outcome = await decide.RunAsync(caller.Actor, id, input, cancellationToken);
        return outcome.ToResult(caller, request => TypedResults.Ok(AccessRequestResponse.Of(request)));
    }
}
