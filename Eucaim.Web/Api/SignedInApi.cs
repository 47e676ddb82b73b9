using System.Net.Http.Json;

namespace Eucaim.Web.Api;

/// <summary>
/// The API called on behalf of the signed-in person, with their access token (added by
/// <see cref="UserAccessTokenHandler"/>): the API decides what they may do, the portal only shows it.
/// </summary>
public sealed class SignedInApi(HttpClient http)
{
    public Task<ApiAnswer<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class => SendAsync<T>(HttpMethod.Get, path, body: null, ifMatch: null, cancellationToken);

    public Task<ApiAnswer<T>> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
        where T : class => SendAsync<T>(HttpMethod.Post, path, body, ifMatch: null, cancellationToken);

    public Task<ApiAnswer<T>> PutAsync<T>(string path, object body, CancellationToken cancellationToken)
        where T : class => SendAsync<T>(HttpMethod.Put, path, body, ifMatch: null, cancellationToken);

    /// <summary>A request with or without a JSON body, a change guarded by an ETag (If-Match) where one is given.</summary>
    public async Task<ApiAnswer<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (!string.IsNullOrEmpty(ifMatch))
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return await ApiAnswer<T>.ReadAsync(response, cancellationToken);
    }

    /// <summary>A DELETE: null when the API did it (whatever it answered), else its refusal.</summary>
    public async Task<ApiProblem?> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(path, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ApiAnswer<object>.ReadRefusalAsync(response, cancellationToken);
    }

    /// <summary>A raw read (file contents, logs as text): the caller owns the answer and streams or reads it.</summary>
    public Task<HttpResponseMessage> GetRawAsync(string path, CancellationToken cancellationToken) =>
        http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
}
