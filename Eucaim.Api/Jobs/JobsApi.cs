using Eucaim.Api.Platform;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Jobs;

/// <summary>
/// <c>/api/jobs</c>: members of a tenant submit jobs (or dry-run them), list and read them with their
/// queue position, cancel them, follow their logs and list their outputs. <c>/api/queue</c> sums up
/// pending and running jobs per flavor.
/// </summary>
internal static class JobsApi
{
    internal static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(PlatformPolicies.SignedIn);
        jobs.MapPost("/", SubmitAsync).WithSummary("Submits a job to a tenant's queue, or with dryRun validates it and explains every refusal.");
        jobs.MapGet("/", ListAsync).WithSummary("Jobs of the caller's tenants, newest first; queued ones with position and estimated start.");
        jobs.MapGet("/{id:guid}", GetAsync).WithSummary("A job with its status, reason, exit code and queue position.");
        jobs.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancels a job: queued jobs never start, running ones are stopped within seconds.");
        jobs.MapGet("/{id:guid}/logs", JobLogsEndpoint.GetAsync).WithSummary("The job's log as text, or with follow=true as server-sent events until the job ends.");
        jobs.MapGet("/{id:guid}/outputs", OutputsAsync).WithSummary("Files the job wrote to its output folder, stored under the tenant's prefix.");

        routes.MapGet("/api/queue", QueueAsync).WithTags("Jobs").RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("Pending and running jobs per flavor, over all tenants (counts only).");
        return routes;
    }

    private static async Task<Results<Created<JobResponse>, Ok<JobPlanResponse>, ProblemHttpResult>> SubmitAsync(
        SubmitJobRequest request, Caller caller, SubmitJob submit, CancellationToken cancellationToken)
    {
        var outcome = await submit.RunAsync(caller.Actor, request.ToDraft(), cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Problem.ToHttpProblem(caller);
        }

        var (job, place, dryRun) = outcome.Value;
        return dryRun && place is { } planned
            ? TypedResults.Ok(JobPlanResponse.From(job, planned))
            : TypedResults.Created($"/api/jobs/{job.Id}", JobResponse.From(job, place));
    }

    private static async Task<Ok<List<JobResponse>>> ListAsync(string? tenant, string? status, Caller caller, ListJobs jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok((await jobs.RunAsync(caller.Actor, tenant, status, cancellationToken)).Select(JobResponse.From).ToList());

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, GetJob jobs, CancellationToken cancellationToken)
    {
        var outcome = await jobs.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(JobResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> CancelAsync(Guid id, Caller caller, CancelJob cancel, CancellationToken cancellationToken)
    {
        var outcome = await cancel.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Accepted($"/api/jobs/{outcome.Value.Id}", JobResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<List<OutputFileResponse>>, ProblemHttpResult>> OutputsAsync(
        Guid id, Caller caller, ListJobOutputs outputs, CancellationToken cancellationToken)
    {
        var outcome = await outputs.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value.Select(OutputFileResponse.From).ToList()) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Ok<QueueResponse>> QueueAsync(SummarizeQueue queue, CancellationToken cancellationToken) =>
        TypedResults.Ok(QueueResponse.From(await queue.RunAsync(cancellationToken)));
}
