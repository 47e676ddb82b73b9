using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Eucaim.Web.Catalogue;

/// <summary>
/// A catalogue search as the page's query string holds it, so that every state has a URL (bookmarks,
/// the back button, no JavaScript). The API's page tokens are bound to the filters, text and sort:
/// changing any of them starts again at the first page. The API only gives a next token, so the
/// tokens of the pages before the current one travel along in <c>back</c>, to link to the previous page.
/// </summary>
public sealed class SearchState
{
    /// <summary>The API's filters, in the order the page lists them, with their labels.</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> Filters =
    [
        ("modality", "Modality"), ("cancerType", "Cancer type"), ("bodyPart", "Body part"), ("tier", "Tier"),
        ("sharingMode", "Sharing mode"), ("sex", "Sex"), ("organization", "Organization"),
    ];

    /// <summary>The first page carries no token; in <c>back</c> it is this placeholder.</summary>
    private const string FirstPage = "-";

    private SearchState(string text, string? sort, string? pageSize, Dictionary<string, List<string>> selected, string? pageToken, List<string> back)
    {
        Text = text;
        Sort = sort;
        PageSize = pageSize;
        Selected = selected;
        PageToken = pageToken;
        Back = back;
    }

    public string Text { get; }

    public string? Sort { get; }

    public string? PageSize { get; }

    public IReadOnlyDictionary<string, List<string>> Selected { get; }

    public string? PageToken { get; }

    public IReadOnlyList<string> Back { get; }

    public bool HasPrevious => Back.Count > 0;

    public int PageNumber => Back.Count + 1;

    public static SearchState FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? One(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v[0] : null;
        List<string> Many(string name) => query.TryGetValue(name, out var v) ? v.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList() : [];
        return new SearchState(
            One("q") ?? "",
            One("sort"),
            One("pageSize"),
            Filters.ToDictionary(f => f.Name, f => Many(f.Name)),
            One("pageToken"),
            Many("back"));
    }

    public bool IsSelected(string filter, string value) => Selected[filter].Contains(value, StringComparer.Ordinal);

    /// <summary>The API's query string for this state.</summary>
    public string ApiQuery() => Query(Selected, PageToken, back: null, includeBack: false);

    /// <summary>This search with one filter value added or removed, from its first page.</summary>
    public string Toggle(string filter, string value)
    {
        var selected = Selected.ToDictionary(f => f.Key, f => f.Value.ToList());
        if (!selected[filter].Remove(value))
        {
            selected[filter].Add(value);
        }

        return "/" + Query(selected, pageToken: null, back: null, includeBack: false);
    }

    /// <summary>This search without any filter, keeping text and sort.</summary>
    public string WithoutFilters() =>
        "/" + Query(Filters.ToDictionary(f => f.Name, _ => new List<string>()), pageToken: null, back: null, includeBack: false);

    public string Next(string nextPageToken) =>
        "/" + Query(Selected, nextPageToken, [.. Back, PageToken ?? FirstPage], includeBack: true);

    public string Previous()
    {
        var token = Back[^1];
        return "/" + Query(Selected, token == FirstPage ? null : token, Back.Take(Back.Count - 1).ToList(), includeBack: true);
    }

    private string Query(IReadOnlyDictionary<string, List<string>> selected, string? pageToken, IReadOnlyList<string>? back, bool includeBack)
    {
        var parts = new List<KeyValuePair<string, string>>();
        if (Text.Length > 0)
        {
            parts.Add(new("q", Text));
        }

        foreach (var (name, _) in Filters)
        {
            parts.AddRange(selected[name].Select(v => new KeyValuePair<string, string>(name, v)));
        }

        if (Sort is not null)
        {
            parts.Add(new("sort", Sort));
        }

        if (PageSize is not null)
        {
            parts.Add(new("pageSize", PageSize));
        }

        if (pageToken is not null)
        {
            parts.Add(new("pageToken", pageToken));
        }

        if (includeBack && back is not null)
        {
            parts.AddRange(back.Select(t => new KeyValuePair<string, string>("back", t)));
        }

        if (parts.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder("?");
        foreach (var (key, value) in parts)
        {
            text.Append(text.Length > 1 ? "&" : "").Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }
}
