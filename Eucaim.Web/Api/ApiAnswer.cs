using System.Net;
using System.Net.Http.Json;

namespace Eucaim.Web.Api;

/// <summary>What the API answered: a value, or the problem it refused the request with (shown on the page, never thrown).</summary>
public sealed record ApiAnswer<T>(T? Value, ApiProblem? Problem, bool NotFound)
    where T : class
{
    /// <summary>The answer's ETag, for a later change's If-Match (datasets guard edits with it).</summary>
    public string? ETag { get; init; }

    public static ApiAnswer<T> Of(T value) => new(value, null, false);

    public static ApiAnswer<T> Refused(ApiProblem problem, bool notFound) => new(null, problem, notFound);

    /// <summary>
    /// Reads an answer: a success carries a value, a refusal (4xx) its problem for the page to show.
    /// A failing API (5xx) stays an error, so the portal's error page and logs say so.
    /// </summary>
    public static async Task<ApiAnswer<T>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            var value = await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                ?? throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered an empty body.");
            return Of(value) with { ETag = response.Headers.ETag?.ToString() };
        }

        return Refused(await ReadRefusalAsync(response, cancellationToken), response.StatusCode == HttpStatusCode.NotFound);
    }

    /// <summary>The problem of a refusal (4xx); a failing API (5xx) stays an error.</summary>
    public static async Task<ApiProblem> ReadRefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if ((int)response.StatusCode is < 400 or >= 500)
        {
            response.EnsureSuccessStatusCode();
        }

        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? await response.Content.ReadFromJsonAsync<ApiProblem>(cancellationToken)
            : null;
        return problem ?? new ApiProblem(response.ReasonPhrase, null, (int)response.StatusCode, null);
    }
}

/// <summary>An RFC 9457 problem as the API writes it; <c>errors</c> names the fields it refused.</summary>
public sealed record ApiProblem(string? Title, string? Detail, int? Status, IReadOnlyDictionary<string, string[]>? Errors);
