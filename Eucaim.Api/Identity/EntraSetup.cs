using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace Eucaim.Api.Identity;

/// <summary>
/// Microsoft Entra ID through Microsoft.Identity.Web, as a second scheme (only when configured).
/// Identity.Web validates Entra's issuers and audience; we add the same strictness as for LS
/// Login, map app roles to platform roles, and answer failures the same way.
/// </summary>
internal static class EntraSetup
{
    public static void AddEntra(this AuthenticationBuilder authentication, IConfiguration configuration, LsLoginOptions lsLogin)
    {
        authentication.AddMicrosoftIdentityWebApi(configuration.GetSection(EntraOptions.Section), IdentitySchemes.Entra);
        authentication.Services.PostConfigure<JwtBearerOptions>(IdentitySchemes.Entra, options =>
        {
            options.MapInboundClaims = false;
            options.IncludeErrorDetails = true;
            options.BackchannelTimeout = TimeSpan.FromSeconds(10);
            StrictTokenValidation.Apply(options.TokenValidationParameters, lsLogin.ClockSkewSeconds);

            var events = options.Events ?? new JwtBearerEvents();
            var received = events.OnMessageReceived;
            events.OnMessageReceived = async context =>
            {
                await received(context);
                await ProviderKeys.EnsureAsync(context);
            };
            var validated = events.OnTokenValidated;
            events.OnTokenValidated = async context =>
            {
                await validated(context);
                // Entra types ID and access tokens alike (typ JWT); only access tokens name their client (azp, appid).
                if (context.Result is null && context.Principal is not null
                    && !LsLoginBearerEvents.RefuseUnlessAccessToken(context, requireAtJwt: false, requireClientClaim: true,
                        context.HttpContext.RequestServices.GetRequiredService<TimeProvider>(), lsLogin.ClockSkewSeconds))
                {
                    context.HttpContext.RequestServices.GetRequiredService<PrincipalEnricher>().EnrichEntra(context.Principal);
                }
            };
            var failed = events.OnAuthenticationFailed;
            events.OnAuthenticationFailed = async context =>
            {
                await failed(context);
                if (context.Result is null && context.Exception is UnauthorizedAccessException)
                {
                    // Identity.Web throws this for a token with neither scopes nor app roles.
                    context.Fail(new TokenRejectedException("The token carries neither scopes nor app roles for this API"));
                }

                LsLoginBearerEvents.Recover(context);
            };
            events.OnChallenge = context =>
            {
                context.HandleResponse();
                return BearerChallenge.WriteAsync(context.HttpContext, context.AuthenticateFailure, context.ErrorDescription);
            };
            options.Events = events;
        });
    }
}
