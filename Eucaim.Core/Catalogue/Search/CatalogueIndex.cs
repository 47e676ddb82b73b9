using Npgsql;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// The current <see cref="CatalogueSnapshot"/> of this process. Every search reads the catalogue
/// revision first (a publication or invalidation bumps it in its own transaction), and a search
/// that sees a newer revision reloads before answering: a dataset is searchable as soon as the
/// request that published it has returned, on every instance.
/// </summary>
public sealed class CatalogueIndex
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile CatalogueSnapshot? _current;

    /// <summary>The snapshot in hand, possibly stale: callers confirm its revision before trusting it.</summary>
    internal CatalogueSnapshot? Current => _current;

    internal async Task<CatalogueSnapshot> AtLeastAsync(NpgsqlConnection connection, long revision, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && current.Revision >= revision)
        {
            return current;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is null || current.Revision < revision)
            {
                current = await CatalogueSnapshot.LoadAsync(connection, cancellationToken);
                _current = current;
            }

            return current;
        }
        finally
        {
            _reload.Release();
        }
    }
}
