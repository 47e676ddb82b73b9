using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eucaim.Api.Identity;

/// <summary>
/// JwtBearer events of the LS Login scheme: make sure keys are at hand (503 when the provider
/// cannot be reached and nothing is cached), refuse what is not an access token
/// (<see cref="AccessTokenRules"/>), add the platform's claims to valid tokens, and answer every
/// challenge with a described 401 (or the 503) as ProblemDetails.
/// </summary>
internal sealed class LsLoginBearerEvents(PrincipalEnricher enricher, IOptions<LsLoginOptions> lsLogin, TimeProvider time) : JwtBearerEvents
{
    public override Task MessageReceived(MessageReceivedContext context) => ProviderKeys.EnsureAsync(context);

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var settings = lsLogin.Value;
        if (RefuseUnlessAccessToken(context, settings.RequireAtJwt, requireClientClaim: false, time, settings.ClockSkewSeconds))
        {
            return;
        }

        try
        {
            await enricher.EnrichLsLoginAsync(context.Principal!, BearerToken.From(context.Request)!, context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is SignInProviderUnavailableException or TokenRejectedException)
        {
            context.Fail(ex);
        }
    }

    /// <summary>Fails <paramref name="context"/> when its token breaks an <see cref="AccessTokenRules"/> rule.</summary>
    internal static bool RefuseUnlessAccessToken(TokenValidatedContext context, bool requireAtJwt, bool requireClientClaim, TimeProvider time, int clockSkewSeconds)
    {
        var refusal = context.SecurityToken is JsonWebToken token
            ? AccessTokenRules.Refusal(token, requireAtJwt, requireClientClaim, time.GetUtcNow(), TimeSpan.FromSeconds(clockSkewSeconds))
            : "The token is not a compact JWS";
        if (refusal is null)
        {
            return false;
        }

        context.Fail(new TokenRejectedException(refusal));
        return true;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        Recover(context);
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        return BearerChallenge.WriteAsync(context.HttpContext, context.AuthenticateFailure, context.ErrorDescription);
    }

    /// <summary>
    /// JwtBearer rethrows (a 500) whatever the events leave unhandled: a key or metadata fetch that
    /// fails inside the handler becomes the 503 instead.
    /// </summary>
    internal static void Recover(AuthenticationFailedContext context)
    {
        if (context.Result is not null || context.Exception is SecurityTokenException)
        {
            return;
        }

        if (context.Exception is HttpRequestException
            || (context.Exception is InvalidOperationException && context.Exception.Message.Contains("IDX20803", StringComparison.Ordinal)))
        {
            context.Fail(new SignInProviderUnavailableException(
                "The sign-in provider's discovery document or signing keys could not be fetched, and none are cached yet. Try again shortly.",
                context.Exception));
        }
    }
}
