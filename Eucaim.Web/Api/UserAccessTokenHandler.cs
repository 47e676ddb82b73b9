using System.Net.Http.Headers;
using Eucaim.Web.SignIn;
using Microsoft.AspNetCore.Authentication;

namespace Eucaim.Web.Api;

/// <summary>
/// Adds the signed-in person's access token to calls to the API. The token is read from the server-side
/// session of the request being rendered: pages render on the server per request, so there is always one.
/// </summary>
internal sealed class UserAccessTokenHandler(IHttpContextAccessor requests) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var http = requests.HttpContext
            ?? throw new InvalidOperationException("A call on behalf of a user was made outside of a request.");
        var token = await http.GetTokenAsync(SessionTokens.AccessToken);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
