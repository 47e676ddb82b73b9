using Eucaim.Web.Api;

namespace Eucaim.Web.Catalogue;

/// <summary>
/// The catalogue's public API, called anonymously: the portal's public pages never hold a token.
/// The base address is the Api's service-discovery name (<c>https+http://api</c>).
/// </summary>
public sealed class CatalogueClient(HttpClient http)
{
    public const string DcatMediaType = "application/ld+json";

    public Task<ApiAnswer<SearchPage>> SearchAsync(string query, CancellationToken cancellationToken) =>
        GetAsync<SearchPage>($"api/datasets{query}", cancellationToken);

    public Task<ApiAnswer<DatasetView>> GetDatasetAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync<DatasetView>($"api/datasets/{id}", cancellationToken);

    public Task<ApiAnswer<List<DatasetVersionSummary>>> GetVersionsAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync<List<DatasetVersionSummary>>($"api/datasets/{id}/versions", cancellationToken);

    /// <summary>The dataset's DCAT-AP JSON-LD, or null when the API has none (unknown or never published).</summary>
    public async Task<string?> GetDcatAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/datasets/{id}");
        request.Headers.Accept.ParseAdd(DcatMediaType);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
    }

    private async Task<ApiAnswer<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ApiAnswer<T>.ReadAsync(response, cancellationToken);
    }
}
