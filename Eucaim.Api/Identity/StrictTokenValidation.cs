using Eucaim.Core.Identity;
using Microsoft.IdentityModel.Tokens;

namespace Eucaim.Api.Identity;

/// <summary>What every accepted JWT must satisfy, whichever provider issued it.</summary>
internal static class StrictTokenValidation
{
    /// <summary>Asymmetric signatures only: never <c>none</c>, never an HMAC keyed with a public key.</summary>
    public static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static void Apply(TokenValidationParameters parameters, int clockSkewSeconds)
    {
        parameters.ValidateIssuer = true;
        parameters.ValidateAudience = true;
        parameters.ValidateLifetime = true;
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ValidateIssuerSigningKey = true;
        parameters.ValidAlgorithms = Algorithms;
        // The key is the one the header's kid names: a token without kid, or with one the provider
        // does not publish, is refused rather than tried against every key of the provider.
        parameters.TryAllIssuerSigningKeys = false;
        parameters.ClockSkew = TimeSpan.FromSeconds(clockSkewSeconds);
        parameters.NameClaimType = "name";
        parameters.RoleClaimType = PlatformClaimTypes.Role;
    }
}
