using Microsoft.IdentityModel.JsonWebTokens;

namespace Eucaim.Api.Identity;

/// <summary>
/// What a JWT must be, beyond what the token handler checks (signature, issuer, audience,
/// lifetime), to be taken as an access token for this API: no header extension we do not
/// understand, the access-token <c>typ</c>, nothing that marks an ID token, and no <c>iat</c> from
/// the future. Applied to every provider's JWTs once their signature is verified.
/// </summary>
internal static class AccessTokenRules
{
    /// <summary>RFC 9068's media type, with and without the <c>application/</c> prefix (RFC 7515 4.1.9).</summary>
    private static readonly string[] AccessTokenTypes = ["at+jwt", "application/at+jwt"];

    /// <summary>Claims OpenID Connect defines for ID tokens only (OIDC Core 2, 3.1.3.6, 3.3.2.11).</summary>
    private static readonly string[] IdTokenClaims = ["nonce", "at_hash", "c_hash", "s_hash"];

    /// <param name="requireAtJwt">The issuer types its access tokens (RFC 9068): <c>typ</c> must say <c>at+jwt</c>.</param>
    /// <param name="requireClientClaim">The issuer names the client in every access token (Entra: <c>azp</c> or <c>appid</c>) and never in an ID token.</param>
    /// <returns>Why the token is refused, or null when it is an acceptable access token.</returns>
    public static string? Refusal(JsonWebToken token, bool requireAtJwt, bool requireClientClaim, DateTimeOffset now, TimeSpan skew)
    {
        // RFC 7515 4.1.11: a recipient that does not understand a listed extension must reject the
        // JWS. We implement none, so any crit (even a malformed or empty one) is refused.
        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return "The token has a critical header extension (crit) this API does not understand";
        }

        var typ = token.Typ;
        if (requireAtJwt && !IsAccessTokenType(typ))
        {
            return $"The token type is not accepted: access tokens of this issuer say typ 'at+jwt', this one '{typ}'";
        }

        // An issuer that does not type its access tokens may leave typ out or say JWT; any other
        // type (logout+jwt, secevent+jwt…) is some other token of the same issuer and key.
        if (!requireAtJwt && !string.IsNullOrEmpty(typ) && !IsAccessTokenType(typ) && !typ.Equals("JWT", StringComparison.OrdinalIgnoreCase))
        {
            return $"The token type is not accepted: '{typ}' is not an access token";
        }

        if (IdTokenClaims.FirstOrDefault(c => token.TryGetPayloadValue<object>(c, out _)) is { } idClaim)
        {
            return $"The token is an ID token (it has '{idClaim}'), not an access token";
        }

        if (requireClientClaim && !token.TryGetPayloadValue<string>("azp", out _) && !token.TryGetPayloadValue<string>("appid", out _))
        {
            return "The token names no client (azp or appid): it is an ID token, not an access token";
        }

        // Beyond the skew, a token from the future is forged or from a provider whose clock is wrong.
        // (An iat that is no number never gets here: the token handler refuses it as malformed.)
        if (token.TryGetPayloadValue<double>("iat", out var issuedAt) && issuedAt > (now + skew).ToUnixTimeSeconds())
        {
            return "The token was issued in the future (iat)";
        }

        return null;
    }

    private static bool IsAccessTokenType(string? typ) =>
        typ is not null && AccessTokenTypes.Contains(typ, StringComparer.OrdinalIgnoreCase);
}
