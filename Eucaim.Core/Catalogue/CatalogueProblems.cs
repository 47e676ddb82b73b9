using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>The catalogue's refusals, worded once (the Api's answers have always read exactly so).</summary>
public static class CatalogueProblems
{
    /// <summary>The answer for a body that is not JSON; the Api maps this very instance to 415.</summary>
    public static readonly Problem NotJson = new(ProblemKind.UnsupportedMediaType, "The body must be JSON.", "Send Content-Type: application/json.");

    /// <summary>Also the answer for a dataset the caller may not see: a draft of another organization does not exist for them.</summary>
    public static Problem NotFound(Guid id) => new(ProblemKind.NotFound, "Dataset not found.", $"No dataset {id} is visible to you.");

    public static Problem NotOwner(string organization) => new(ProblemKind.Forbidden,
        "Only the dataset's organization may change it.",
        $"This dataset belongs to '{organization}'; you are not one of its data holders.");

    public static Problem Conflict(string title, string detail) => new(ProblemKind.Conflict, title, detail);

    public static Problem PreconditionRequired() => new(ProblemKind.PreconditionRequired,
        "If-Match is required.",
        "Send the ETag you last read (GET /api/datasets/{id} or /draft) in If-Match, so that a concurrent edit is not overwritten.")
    {
        Extensions = new Dictionary<string, object?> { ["header"] = "If-Match" },
    };

    public static Problem PreconditionFailed() => new(ProblemKind.PreconditionFailed,
        "The dataset changed since you read it.",
        "Another edit came first: read the dataset again, reapply your change, and send the new ETag in If-Match.")
    {
        Extensions = new Dictionary<string, object?> { ["header"] = "If-Match" },
    };

    /// <summary>A validation answer as the catalogue has always given it: per-field errors under a title, no detail.</summary>
    public static Problem Invalid(IReadOnlyDictionary<string, string[]> errors, string title) =>
        new(ProblemKind.Invalid, title, "") { Errors = errors };
}
