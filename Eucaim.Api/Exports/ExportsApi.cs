using Eucaim.Api.Platform;
using Eucaim.Core.Exports;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Exports;

/// <summary>
/// <c>/api/exports</c>, the only way out of a bubble: a tenant member asks for chosen output files of
/// an ended job with a justification; a reviewer (<see cref="ExportReviewers"/>) approves or rejects;
/// the Workers copy approved files to the <c>exports</c> container; members then get short-lived
/// read-only links to them. Every step is audited.
/// </summary>
internal static class ExportsApi
{
    internal static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder routes)
    {
        var exports = routes.MapGroup("/api/exports").WithTags("Airlock").RequireAuthorization(PlatformPolicies.SignedIn);
        exports.MapPost("/", RequestAsync).WithSummary("Asks for output files of an ended job to leave the bubble (tenant members); the files are screened and the findings kept with the request.");
        exports.MapGet("/", ListAsync).WithSummary("Export requests of the caller's tenants, and those the caller may review.");
        exports.MapGet("/{id:guid}", GetAsync).WithSummary("One export request.");
        exports.MapPost("/{id:guid}/decision", DecideAsync).WithSummary("Approves or rejects a pending request (access committee, or the data holder of every dataset the job used); blocking findings need an overrideJustification.");
        exports.MapGet("/{id:guid}/files", FilesAsync).WithSummary("The requested files with their sizes and MD5 hashes, as they lie in the tenant's outputs (members and reviewers).");
        exports.MapGet("/{id:guid}/files/{*path}", FileAsync).WithSummary("One requested file's content, for its reviewers to read before deciding (audited).");
        exports.MapGet("/{id:guid}/links", LinksAsync).WithSummary("Short-lived download links to the approved files (tenant members).");
        return routes;
    }

    private static async Task<Results<Created<ExportResponse>, ProblemHttpResult>> RequestAsync(
        CreateExportRequest request, Caller caller, RequestExport export, CancellationToken cancellationToken)
    {
        var outcome = await export.RunAsync(caller.Actor, request.JobId, request.Files, request.Justification, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/exports/{outcome.Value.Id}", ExportResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Ok<List<ExportResponse>>> ListAsync(string? status, Caller caller, ListExports exports, CancellationToken cancellationToken) =>
        TypedResults.Ok((await exports.RunAsync(caller.Actor, status, cancellationToken)).Select(ExportResponse.From).ToList());

    private static async Task<Results<Ok<ExportResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, GetExport exports, CancellationToken cancellationToken)
    {
        var outcome = await exports.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(ExportResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<ExportResponse>, ProblemHttpResult>> DecideAsync(
        Guid id, ExportDecisionRequest request, Caller caller, DecideExport decide, CancellationToken cancellationToken)
    {
        var outcome = await decide.RunAsync(caller.Actor, id, request.Decision, request.Note, request.OverrideJustification, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(ExportResponse.From(outcome.Value)) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<List<ExportFileResponse>>, ProblemHttpResult>> FilesAsync(
        Guid id, Caller caller, ReadExportFiles files, CancellationToken cancellationToken)
    {
        var outcome = await files.ListAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value.Select(ExportFileResponse.From).ToList()) : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> FileAsync(
        Guid id, string? path, Caller caller, ReadExportFiles files, CancellationToken cancellationToken)
    {
        var outcome = await files.OpenAsync(caller.Actor, id, path, cancellationToken);
        // Served as an attachment of no particular type: a reviewer's browser shows it, never runs it.
        return outcome.Succeeded
            ? TypedResults.Stream(outcome.Value.Content, "application/octet-stream", Path.GetFileName(outcome.Value.Path))
            : outcome.Problem.ToHttpProblem(caller);
    }

    private static async Task<Results<Ok<List<ExportLinkResponse>>, ProblemHttpResult>> LinksAsync(
        Guid id, Caller caller, IssueExportLinks links, CancellationToken cancellationToken)
    {
        var outcome = await links.RunAsync(caller.Actor, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value.Select(ExportLinkResponse.From).ToList()) : outcome.Problem.ToHttpProblem(caller);
    }
}
