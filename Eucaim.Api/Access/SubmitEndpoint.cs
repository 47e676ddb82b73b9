using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Access;

/// <summary><c>POST /api/access-requests</c>: a tenant member asks for published datasets for their tenant (<see cref="SubmitAccessRequest"/>).</summary>
internal static class SubmitEndpoint
{
    public static async Task<Results<Created<AccessRequestResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        AccessSubmissionRequest? body, Caller caller, SubmitAccessRequest submit, CancellationToken cancellationToken)
    {
        var outcome = await submit.RunAsync(caller.Actor, body?.ToSubmission(), cancellationToken);
        return outcome.ToResult(caller, request => TypedResults.Created($"/api/access-requests/{request.Id}", AccessRequestResponse.Of(request)));
    }
}
