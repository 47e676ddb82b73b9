using Eucaim.Api.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The access-token rules on their own, for what the platform's own provider cannot produce: Entra
/// types ID and access tokens alike, so its ID tokens are told apart by the client claim that only
/// its access tokens carry (<c>azp</c> in v2.0, <c>appid</c> in v1.0).
/// </summary>
public sealed class AccessTokenRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);

    [Theory]
    [InlineData("{\"iss\":\"e\",\"aud\":\"api://x\",\"azp\":\"client\",\"iat\":1750000000}", true)]
    [InlineData("{\"iss\":\"e\",\"aud\":\"api://x\",\"appid\":\"client\",\"iat\":1750000000}", true)]
    [InlineData("{\"iss\":\"e\",\"aud\":\"api://x\",\"roles\":[\"Eucaim.Admin\"],\"iat\":1750000000}", false)]
    public void An_Entra_token_must_name_its_client(string payload, bool accepted)
    {
        var refusal = AccessTokenRules.Refusal(Token("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k\"}", payload), requireAtJwt: false, requireClientClaim: true, Now, TimeSpan.FromSeconds(30));

        Assert.Equal(accepted, refusal is null);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(31, false)]
    [InlineData(86_400, false)]
    public void An_iat_ahead_of_now_is_accepted_within_the_skew_only(int secondsAhead, bool accepted)
    {
        var payload = $"{{\"iss\":\"i\",\"aud\":\"a\",\"iat\":{Now.ToUnixTimeSeconds() + secondsAhead}}}";

        var refusal = AccessTokenRules.Refusal(Token("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k\"}", payload), requireAtJwt: true, requireClientClaim: false, Now, TimeSpan.FromSeconds(30));

        Assert.Equal(accepted, refusal is null);
    }

    private static JsonWebToken Token(string header, string payload) =>
        new($"{DevLsLogin.Base64Url(System.Text.Encoding.UTF8.GetBytes(header))}.{DevLsLogin.Base64Url(System.Text.Encoding.UTF8.GetBytes(payload))}.c2ln");
}
