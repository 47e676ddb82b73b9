using Eucaim.Api.Platform;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Eucaim.Api.Jobs;

/// <summary>
/// <c>/api/jobs/{id}/staging/*</c>: a job pod's helpers trade the job's token (header
/// <see cref="StagingLinks.TokenHeader"/>) for fresh storage links when they start. No user signs in
/// here: the token is the credential, so the routes allow anonymous callers and refuse a wrong token
/// with 401.
/// </summary>
internal static class JobStagingApi
{
    internal static IEndpointRouteBuilder MapJobStagingApi(this IEndpointRouteBuilder routes)
    {
        var staging = routes.MapGroup("/api/jobs/{id:guid}/staging").WithTags("Jobs").AllowAnonymous();
        staging.MapPost("/datasets", (Guid id, [FromHeader(Name = StagingLinks.TokenHeader)] string? token, IssueStagingLinks issue, HttpContext http, CancellationToken cancellationToken) =>
                IssueAsync(id, token, StagingPurpose.Datasets, issue, http, cancellationToken))
            .WithSummary("For a job pod's staging helper: read-only links to every file the job stages, signed now.");
        staging.MapPost("/outputs", (Guid id, [FromHeader(Name = StagingLinks.TokenHeader)] string? token, IssueStagingLinks issue, HttpContext http, CancellationToken cancellationToken) =>
                IssueAsync(id, token, StagingPurpose.Outputs, issue, http, cancellationToken))
            .WithSummary("For a job pod's output helper: the one upload link of the job's output archive, valid for its run deadline.");
        return routes;
    }

    private static async Task<Results<Ok<StagingLinks>, ProblemHttpResult>> IssueAsync(
        Guid id, string? token, StagingPurpose purpose, IssueStagingLinks issue, HttpContext http, CancellationToken cancellationToken)
    {
        // Links are credentials: no cache anywhere may keep them.
        http.Response.Headers.CacheControl = "no-store";
        var outcome = await issue.RunAsync(id, token, purpose, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Problem.ToHttpProblem();
    }
}
