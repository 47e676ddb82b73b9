using Eucaim.Api.Platform;
using Eucaim.Core.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// The lifecycle (rules and transactions in the Core use cases). Every change touches the dataset
/// row, whose version is the ETag: requests carry it in If-Match, answers in ETag.
/// </summary>
internal static class DatasetWriteEndpoints
{
    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, Caller caller, RegisterDataset register, CancellationToken cancellationToken)
    {
        var submission = await DatasetSubmissions.ReadAsync(http.Request, cancellationToken);
        var outcome = await register.RunAsync(caller.Actor, submission, cancellationToken);
        return outcome.ToCatalogueResult(caller, loaded =>
        {
            DatasetETag.Set(http, loaded.Dataset);
            return TypedResults.Created($"/api/datasets/{loaded.Dataset.Id}", DatasetResponse.Of(loaded, owner: true));
        });
    }

    public static async Task<Results<Ok<DatasetVersionResponse>, ValidationProblem, ProblemHttpResult>> EditDraftAsync(
        Guid id, HttpContext http, Caller caller, EditDatasetDraft edit, CancellationToken cancellationToken)
    {
        var submission = await DatasetSubmissions.ReadAsync(http.Request, cancellationToken);
        var outcome = await edit.RunAsync(caller.Actor, id, DatasetETag.IfMatch(http.Request), submission, cancellationToken);
        return outcome.ToCatalogueResult(caller, edited =>
        {
            DatasetETag.Set(http, edited.Dataset);
            return TypedResults.Ok(DatasetVersionResponse.Of(edited.Draft));
        });
    }

    public static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> PublishAsync(
        Guid id, HttpContext http, Caller caller, PublishVersion publish, CancellationToken cancellationToken)
    {
        var outcome = await publish.RunAsync(caller.Actor, id, DatasetETag.IfMatch(http.Request), cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Problem.ToHttpProblem(caller);
        }

        DatasetETag.Set(http, outcome.Value.Dataset);
        return TypedResults.Ok(DatasetResponse.Of(outcome.Value, owner: true));
    }

    public static async Task<Results<Ok<DatasetResponse>, ValidationProblem, ProblemHttpResult>> InvalidateAsync(
        Guid id, DatasetInvalidationRequest? request, HttpContext http, Caller caller, WithdrawDataset withdraw, CancellationToken cancellationToken)
    {
        var outcome = await withdraw.RunAsync(caller.Actor, id, DatasetETag.IfMatch(http.Request), request?.Reason, cancellationToken);
        return outcome.ToCatalogueResult(caller, loaded =>
        {
            DatasetETag.Set(http, loaded.Dataset);
            return TypedResults.Ok(DatasetResponse.Of(loaded, owner: true));
        });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpRequest request, Caller caller, DeleteDatasetDraft delete, CancellationToken cancellationToken)
    {
        var outcome = await delete.RunAsync(caller.Actor, id, DatasetETag.IfMatch(request), cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Problem.ToHttpProblem(caller);
    }
}
