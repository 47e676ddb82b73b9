using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Federation;

/// <summary><c>GET /federation/key</c>: the hub's public key, anonymous, for a hospital to install at its node after comparing the fingerprint out of band.</summary>
internal static class FederationKeyApi
{
    internal static IEndpointRouteBuilder MapFederationKeyApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/federation/key", Get).WithTags("Federation").AllowAnonymous().AddEndpointFilter(FederationSetUpFilter.InvokeAsync)
            .WithSummary("The hub's federation public key (PEM) and its fingerprint.");
        return routes;
    }

    private static Ok<FederationKeyResponse> Get(FederationHubKey key) =>
        TypedResults.Ok(new FederationKeyResponse(FederationMessage.HubId, key.PublicPem!, key.Fingerprint!, FederationMessage.Algorithm));
}
