using Eucaim.Api.Platform;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Jobs;

/// <summary><c>/api/job-images</c>: the image allow-list. Everyone signed in reads it; admins change it.</summary>
internal static class JobImagesApi
{
    internal static IEndpointRouteBuilder MapJobImagesApi(this IEndpointRouteBuilder routes)
    {
        var images = routes.MapGroup("/api/job-images").WithTags("Jobs");
        images.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.SignedIn).WithSummary("The images jobs may run.");
        images.MapPost("/", AddAsync).RequireAuthorization(PlatformPolicies.Admin).WithSummary("Allow-lists an image, pinned by digest (admins only).");
        images.MapDelete("/{*reference}", RemoveAsync).RequireAuthorization(PlatformPolicies.Admin).WithSummary("Removes an image from the allow-list (admins only); queued jobs keep their digest.");
        return routes;
    }

    private static async Task<Ok<List<JobImageResponse>>> ListAsync(EucaimDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.JobImages.AsNoTracking().OrderBy(i => i.Reference).ToListAsync(cancellationToken)).Select(JobImageResponse.From).ToList());

    private static async Task<Results<Created<JobImageResponse>, ProblemHttpResult>> AddAsync(
        JobImageRequest request, Caller caller, AllowJobImage allow, CancellationToken cancellationToken)
    {
        var outcome = await allow.RunAsync(caller.Actor, request.Reference, request.Digest, request.Description, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/job-images/{outcome.Value.Reference}", JobImageResponse.From(outcome.Value))
            : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string reference, Caller caller, RemoveJobImage remove, CancellationToken cancellationToken)
    {
        var outcome = await remove.RunAsync(reference, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Problem.ToHttpProblem(caller);
    }
}
