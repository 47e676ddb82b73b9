using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Catalogue;

/// <summary>The catalogue's RFC 9457 answers, worded once.</summary>
internal static class DatasetProblems
{
    /// <summary>Also the answer for a dataset the caller may not see: a draft of another organization does not exist for them.</summary>
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "Dataset not found.", detail: $"No dataset {id} is visible to you.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult NotOwner(string organization) => TypedResults.Problem(
        title: "Only the dataset's organization may change it.",
        detail: $"This dataset belongs to '{organization}'; you are not one of its data holders.",
        statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult PreconditionRequired() => TypedResults.Problem(
        title: "If-Match is required.",
        detail: "Send the ETag you last read (GET /api/datasets/{id} or /draft) in If-Match, so that a concurrent edit is not overwritten.",
        statusCode: StatusCodes.Status428PreconditionRequired,
        extensions: new Dictionary<string, object?> { ["header"] = "If-Match" });

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        title: "The dataset changed since you read it.",
        detail: "Another edit came first: read the dataset again, reapply your change, and send the new ETag in If-Match.",
        statusCode: StatusCodes.Status412PreconditionFailed,
        extensions: new Dictionary<string, object?> { ["header"] = "If-Match" });

    public static ProblemHttpResult UnsupportedMediaType() => TypedResults.Problem(
        title: "The body must be JSON.", detail: "Send Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType);
}
