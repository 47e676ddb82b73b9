using System.Text.RegularExpressions;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Jobs;

/// <summary><c>/api/job-images</c>: the image allow-list. Everyone signed in reads it; admins change it.</summary>
internal static partial class JobImagesApi
{
    public static IEndpointRouteBuilder MapJobImagesApi(this IEndpointRouteBuilder routes)
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
        JobImageRequest request, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Reference is null || !Reference().IsMatch(request.Reference))
        {
            return JobProblems.Invalid("reference", "image-reference", "reference must be an image reference such as registry.example.org/team/model:1.2 (no digest; give it in digest).");
        }

        if (request.Digest is not null && !Digest().IsMatch(request.Digest))
        {
            return JobProblems.Invalid("digest", "image-digest", "digest must be sha256: followed by 64 lowercase hex digits.");
        }

        if (await db.JobImages.AnyAsync(i => i.Reference == request.Reference, cancellationToken))
        {
            return JobProblems.Conflict("reference", "image-exists", $"image '{request.Reference}' is already allow-listed.");
        }

        var image = new JobImage
        {
            Reference = request.Reference,
            Digest = request.Digest,
            Description = request.Description,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = PlatformIdentity.From(http.User).Subject!,
        };
        db.JobImages.Add(image);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/job-images/{image.Reference}", JobImageResponse.From(image));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string reference, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var removed = await db.JobImages.Where(i => i.Reference == reference).ExecuteDeleteAsync(cancellationToken);
        return removed == 0
            ? TypedResults.Problem(title: "Not found.", detail: $"No allow-listed image '{reference}'.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.NoContent();
    }

    [GeneratedRegex("^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$")]
    private static partial Regex Reference();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();
}
