using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// If-Match against the dataset's row version (its ETag). The save itself is conditional on that
/// version (EF concurrency token), so an edit that raced past this check still fails with 412
/// instead of overwriting.
/// </summary>
public static class DatasetPreconditions
{
    /// <param name="ifMatch">Null when If-Match was not sent; the row versions it names otherwise (none when malformed, which then matches nothing).</param>
    /// <param name="required">Whether a change without If-Match is refused (428) rather than allowed.</param>
    public static Problem? Check(IReadOnlyCollection<uint>? ifMatch, uint rowVersion, bool required)
    {
        if (ifMatch is null)
        {
            return required ? CatalogueProblems.PreconditionRequired() : null;
        }

        return ifMatch.Contains(rowVersion) ? null : CatalogueProblems.PreconditionFailed();
    }
}
