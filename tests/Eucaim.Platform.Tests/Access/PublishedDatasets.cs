using Eucaim.Platform.Tests.Catalogue;

namespace Eucaim.Platform.Tests.Access;

/// <summary>
/// Datasets a test publishes to request, taken out of the listing again when the test ends, so the
/// seed-only catalogue tests of the shared platform keep their exact counts.
/// </summary>
internal sealed class PublishedDatasets(PlatformFixture fixture) : IAsyncDisposable
{
    private readonly List<Guid> _created = [];

    public async Task<Guid> PublishAsync(HttpClient holder, string organization, string name, bool requiresDataHolderApproval = false)
    {
        var id = await AccessTestApi.PublishedDatasetAsync(holder, organization, name, requiresDataHolderApproval);
        _created.Add(id);
        return id;
    }

    /// <summary>Tracks a dataset the test created some other way.</summary>
    public Guid Track(Guid id)
    {
        _created.Add(id);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _created)
        {
            await CatalogueCleanup.InvalidateAsync(fixture, id);
        }
    }
}
