using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Access;

/// <summary>The requester's side (withdraw, revise) and the reviewers' "changes requested".</summary>
internal static class RequestLifecycleEndpoints
{
    public static async Task<Results<Ok<AccessRequestResponse>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        Guid id, Caller caller, WithdrawAccessRequest withdraw, CancellationToken cancellationToken) =>
        (await withdraw.RunAsync(caller.Actor, id, cancellationToken)).ToResult(caller, Ok);

    public static async Task<Results<Ok<AccessRequestResponse>, ValidationProblem, ProblemHttpResult>> ReviseAsync(
        Guid id, AccessRevisionRequest? body, Caller caller, ReviseAccessRequest revise, CancellationToken cancellationToken) =>
        (await revise.RunAsync(caller.Actor, id, body?.ToDraft(), cancellationToken)).ToResult(caller, Ok);

    public static async Task<Results<Ok<AccessRequestResponse>, ValidationProblem, ProblemHttpResult>> RequestChangesAsync(
        Guid id, AccessCommentRequest? body, Caller caller, RequestAccessChanges requestChanges, CancellationToken cancellationToken) =>
        (await requestChanges.RunAsync(caller.Actor, id, body?.Body, cancellationToken)).ToResult(caller, Ok);

    private static Ok<AccessRequestResponse> Ok(AccessRequest request) => TypedResults.Ok(AccessRequestResponse.Of(request));
}
