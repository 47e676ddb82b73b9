namespace Eucaim.Web.Catalogue;

internal static class DcatLinkEndpoint
{
    /// <summary>
    /// <c>GET /datasets/{id}/dcat</c>: the API's DCAT-AP JSON-LD of a dataset at a plain link. The API
    /// serves it by content negotiation (<c>Accept: application/ld+json</c>), which a link in a page cannot ask for.
    /// </summary>
    public static void MapDcatLink(this WebApplication app) =>
        app.MapGet("/datasets/{id:guid}/dcat", async (Guid id, CatalogueClient catalogue, CancellationToken cancellationToken) =>
            await catalogue.GetDcatAsync(id, cancellationToken) is { } document
                ? Results.Content(document, CatalogueClient.DcatMediaType, System.Text.Encoding.UTF8)
                : Results.NotFound());
}
