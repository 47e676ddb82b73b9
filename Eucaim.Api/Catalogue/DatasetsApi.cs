using Eucaim.Core.Identity;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// The public catalogue: anonymous search and reads of published datasets (also as DCAT-AP
/// JSON-LD), and the data holders' lifecycle Draft → Published → Invalidated.
/// </summary>
internal static class DatasetsApi
{
    internal static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var datasets = routes.MapGroup("/api/datasets").WithTags("Catalogue");

        datasets.MapGet("/", DatasetSearchEndpoint.SearchAsync)
            .WithSummary("Searches published datasets: free text, filters, facet counts, sorting, keyset paging.");
        datasets.MapGet("/{id:guid}", DatasetReadEndpoints.GetAsync)
            .WithSummary("A dataset; Accept: application/ld+json gives DCAT-AP / HealthDCAT-AP JSON-LD.");
        datasets.MapGet("/{id:guid}/versions", DatasetReadEndpoints.ListVersionsAsync)
            .WithSummary("The published versions of a dataset, oldest first.");
        datasets.MapGet("/{id:guid}/versions/{number:int}", DatasetReadEndpoints.GetVersionAsync)
            .WithSummary("One immutable published version (also as JSON-LD).");

        var holders = datasets.MapGroup("").RequireAuthorization(PlatformPolicies.DataHolder);
        holders.MapPost("/", DatasetWriteEndpoints.CreateAsync)
            .WithSummary("Registers a dataset of your organization as a draft (version 1).");
        holders.MapGet("/mine", HeldDatasetsEndpoint.ListAsync)
            .WithSummary("Your organizations' datasets, drafts included, most recently changed first, with who changed each last.");
        holders.MapGet("/{id:guid}/draft", DatasetReadEndpoints.GetDraftAsync)
            .WithSummary("The draft of your organization's dataset, with its ETag.");
        holders.MapPut("/{id:guid}/draft", DatasetWriteEndpoints.EditDraftAsync)
            .WithSummary("Edits the draft (If-Match required); on a published dataset, starts the next version's draft.");
        holders.MapPost("/{id:guid}/publish", DatasetWriteEndpoints.PublishAsync)
            .WithSummary("Publishes the draft as an immutable, numbered version.");
        holders.MapPost("/{id:guid}/invalidate", DatasetWriteEndpoints.InvalidateAsync)
            .WithSummary("Withdraws a published dataset with a reason; it stays readable, no longer listed.");
        holders.MapDelete("/{id:guid}", DatasetWriteEndpoints.DeleteAsync)
            .WithSummary("Deletes a dataset that was never published; published ones can only be invalidated.");
        return routes;
    }
}
