using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>Sign-in, role mapping, policies, user recording and rate limiting of the API.</summary>
public static class IdentitySetup
{
    public static IHostApplicationBuilder AddEucaimIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<LsLoginOptions>().Bind(configuration.GetSection(LsLoginOptions.Section))
            .Validate(o => Uri.TryCreate(o.Authority, UriKind.Absolute, out _), $"{LsLoginOptions.Section}:Authority must be an absolute URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Audience), $"{LsLoginOptions.Section}:Audience is required.")
            .Validate(o => o.ClockSkewSeconds is >= 0 and <= 300, $"{LsLoginOptions.Section}:ClockSkewSeconds must be between 0 and 300.")
            .Validate(o => !o.Introspection.Enabled || (!string.IsNullOrWhiteSpace(o.Introspection.ClientId) && !string.IsNullOrWhiteSpace(o.Introspection.ClientSecret)),
                $"{LsLoginOptions.Section}:Introspection needs ClientId and ClientSecret when Enabled.")
            .ValidateOnStart();
        services.AddOptions<NativeClientOptions>().Bind(configuration.GetSection(NativeClientOptions.Section))
            .Validate(o => NativeClientOptions.IsClientId(o.ClientId), $"{NativeClientOptions.Section}:ClientId is required: the client id the provider registered for the command-line tool (visible ASCII, no spaces).")
            .Validate(o => NativeClientOptions.IsScopeList(o.Scopes), $"{NativeClientOptions.Section}:Scopes must be space-separated scopes that include openid.")
            .ValidateOnStart();
        services.AddOptions<RoleMappingOptions>().Bind(configuration.GetSection(RoleMappingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoleMappingOptions>, RoleMappingOptionsValidator>();

        var lsLogin = configuration.GetSection(LsLoginOptions.Section).Get<LsLoginOptions>() ?? new LsLoginOptions();
        var entra = configuration.GetSection(EntraOptions.Section).Get<EntraOptions>() ?? new EntraOptions();

        services.AddMemoryCache();
        services.AddSingleton<IdentityCache>();
        services.AddSingleton<RoleMapper>();
        services.AddSingleton<LsLoginMetadata>();
        services.AddScoped<PrincipalEnricher>();
        services.AddScoped<LsLoginBearerEvents>();
        services.AddScoped<UserRecorder>();
        services.AddHttpClient<UserInfoClient>(UserInfoClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(IntrospectionHandler.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>, LsLoginJwtBearerSetup>();

        var authentication = services.AddAuthentication(IdentitySchemes.Bearer)
            .AddPolicyScheme(IdentitySchemes.Bearer, "LS Login, introspection or Entra by token", options =>
                options.ForwardDefaultSelector = http => SchemeSelector.Select(http, entra, lsLogin.Introspection.Enabled))
            .AddJwtBearer(IdentitySchemes.LsLogin, _ => { })
            .AddScheme<AuthenticationSchemeOptions, IntrospectionHandler>(IdentitySchemes.LsLoginIntrospection, _ => { });
        if (entra.Enabled)
        {
            authentication.AddEntra(configuration, lsLogin);
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsProblem>();
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.SignedIn, p => p.RequireAuthenticatedUser().RequireClaim("sub"))
            .AddPolicy(PlatformPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaimTypes.Role, PlatformRoles.Admin))
            .AddPolicy(PlatformPolicies.AccessCommittee, p => p.RequireAuthenticatedUser()
                .RequireClaim(PlatformClaimTypes.Role, PlatformRoles.AccessCommittee, PlatformRoles.Admin))
            .AddPolicy(PlatformPolicies.DataHolder, p => p.RequireAuthenticatedUser()
                .RequireClaim(PlatformClaimTypes.Role, PlatformRoles.DataHolder, PlatformRoles.Admin))
            .AddPolicy(PlatformPolicies.Researcher, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaimTypes.Role, PlatformRoles.Researcher));

        services.AddEucaimRateLimiting(configuration);
        return builder;
    }

    /// <summary>Authentication, rate limiting, user recording and authorization, in that order.</summary>
    public static IApplicationBuilder UseEucaimIdentity(this IApplicationBuilder app) =>
        app.UseAuthentication()
            .UseRateLimiter()
            .UseMiddleware<UserRecordingMiddleware>()
            .UseAuthorization();
}
