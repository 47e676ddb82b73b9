using Eucaim.Core.Catalogue;
using Microsoft.Net.Http.Headers;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// The ETag of a dataset is its row version (PostgreSQL xmin). Every write to the dataset or its
/// draft touches the dataset row, so one tag guards the whole editable state.
/// </summary>
internal static class DatasetETag
{
    public static string Of(Dataset dataset) => $"\"{dataset.RowVersion}\"";

    public static void Set(HttpContext http, Dataset dataset) => http.Response.Headers.ETag = Of(dataset);

    /// <summary>Null when If-Match is absent; the row versions it names otherwise (none when malformed, which then matches nothing).</summary>
    public static IReadOnlyList<uint>? IfMatch(HttpRequest request)
    {
        if (!request.Headers.ContainsKey(HeaderNames.IfMatch))
        {
            return null;
        }

        var tags = request.GetTypedHeaders().IfMatch;
        return tags
            .Where(t => !t.IsWeak && uint.TryParse(t.Tag.Value?.Trim('"'), out _))
            .Select(t => uint.Parse(t.Tag.Value!.Trim('"'), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }
}
