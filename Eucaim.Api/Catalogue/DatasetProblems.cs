using Eucaim.Core.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Catalogue;

/// <summary>The catalogue's 404 answers for reads (the lifecycle's refusals are in <see cref="CatalogueProblems"/>).</summary>
internal static class DatasetProblems
{
    /// <summary>Also the answer for a dataset the caller may not see: a draft of another organization does not exist for them.</summary>
    public static ProblemHttpResult NotFound(Guid id) => NotFound(CatalogueProblems.NotFound(id).Title, CatalogueProblems.NotFound(id).Detail);

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);
}
