using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>
/// <c>GET /api/client-config</c>: what a native client needs to sign its user in to this platform
/// (the provider, the registered client id, the scopes, the audience of the API's tokens). Anonymous:
/// a client asks before it has a token, and nothing in it is secret.
/// </summary>
internal static class ClientConfigEndpoint
{
    public static IEndpointRouteBuilder MapClientConfig(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/client-config", GetClientConfig)
            .AllowAnonymous()
            .WithTags("Identity")
            .WithSummary("How a native client (the eucaim command-line tool) signs in: the OpenID provider, its client id, scopes and the API's audience.");
        return routes;
    }

    private static Ok<ClientConfigResponse> GetClientConfig(IOptions<LsLoginOptions> lsLogin, IOptions<NativeClientOptions> nativeClient)
    {
        var provider = lsLogin.Value;
        var client = nativeClient.Value;
        return TypedResults.Ok(new ClientConfigResponse(
            provider.Authority,
            provider.ExpectedIssuer,
            client.ClientId,
            client.ScopeList,
            provider.Audience));
    }
}

/// <summary>
/// <paramref name="Authority"/> is where the provider's discovery document lives
/// (<c>{authority}/.well-known/openid-configuration</c>); <paramref name="Issuer"/> is the exact
/// <c>iss</c> of its tokens.
/// </summary>
internal sealed record ClientConfigResponse(
    string Authority,
    string Issuer,
    string ClientId,
    IReadOnlyList<string> Scopes,
    string Audience);
