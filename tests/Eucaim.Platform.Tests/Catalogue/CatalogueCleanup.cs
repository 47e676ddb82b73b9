using System.Net;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Catalogue;

internal static class CatalogueCleanup
{
    /// <summary>
    /// Takes a dataset a test published out of the listing (as admin), so that the seed-only
    /// search tests of the shared platform keep their exact counts whatever ran before them.
    /// </summary>
    public static async Task InvalidateAsync(PlatformFixture fixture, Guid id)
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var response = await CatalogueApi.SendAsync(alba, HttpMethod.Post, $"/api/datasets/{id}/invalidate", new { reason = "test cleanup" });
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            // Never published (delete it) or already invalidated (nothing to do).
            await alba.DeleteAsync($"/api/datasets/{id}");
        }
    }
}
