using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Eucaim.Web.SignIn;

/// <summary>
/// Sign-in with Life Science Login: authorization code + PKCE by the portal's server (a confidential
/// client), tokens kept in the server-side session, a cookie holding only the session's key.
/// </summary>
internal static class SignInSetup
{
    public const string SignInPath = "/signin";

    public const string SignOutPath = "/signout";

    public const string FailedPath = "/signin/failed";

    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder, Uri api)
    {
        var services = builder.Services;
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PortalSessionStore>();
        services.AddSingleton<SessionTokens>();
        services.AddHttpClient<PlatformIdentity>(http => http.BaseAddress = api);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<PortalSessionStore, SessionTokens, IOptions<SignInOptions>>(ConfigureSession);
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<SignInOptions>>(ConfigureProvider);

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalRoles.Admin, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Admin))
            .AddPolicy(PortalRoles.AccessCommittee, p => p.RequireClaim(PortalClaims.Role, PortalRoles.AccessCommittee))
            .AddPolicy(PortalRoles.DataHolder, p => p.RequireClaim(PortalClaims.Role, PortalRoles.DataHolder))
            .AddPolicy(PortalRoles.Researcher, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Researcher))
            .AddPolicy(PortalPolicies.AuditReaders, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Admin, PortalRoles.AccessCommittee));
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        return builder;
    }

    private static void ConfigureSession(CookieAuthenticationOptions cookie, PortalSessionStore store, SessionTokens tokens, IOptions<SignInOptions> options)
    {
        cookie.Cookie.Name = "eucaim.session";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = options.Value.IdleTimeout;
        cookie.SlidingExpiration = true;
        cookie.SessionStore = store;
        cookie.Events.OnValidatePrincipal = tokens.ValidateAsync;
        // A signed-in person at a page their role does not open gets the "not allowed" page at that
        // address (403), not a redirect that loses which address it was.
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    private static void ConfigureProvider(OpenIdConnectOptions oidc, IOptions<SignInOptions> options)
    {
        var signIn = options.Value;
        oidc.Authority = signIn.Authority;
        // The dev provider answers on the loopback interface over plain HTTP; anything else must be HTTPS unless said otherwise.
        oidc.RequireHttpsMetadata = signIn.RequireHttpsMetadata ?? !IsLoopback(signIn.Authority);
        oidc.ClientId = signIn.ClientId;
        oidc.ClientSecret = signIn.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        // The code comes back on a plain redirect; a form_post page would need script and a cross-site POST.
        oidc.ResponseMode = "query";
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.Resource = signIn.Audience;
        oidc.Scope.Clear();
        foreach (var scope in new[] { "openid", "profile", "email", "eduperson_entitlement", "offline_access" })
        {
            oidc.Scope.Add(scope);
        }

        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = false; // the API's /api/me is the one reading of who someone is
        oidc.TokenValidationParameters.NameClaimType = "name";
        oidc.TokenValidationParameters.RoleClaimType = PortalClaims.Role;
        oidc.SignedOutRedirectUri = "/";
        oidc.Events.OnTokenValidated = AddPlatformIdentityAsync;
        oidc.Events.OnRedirectToIdentityProvider = context =>
        {
            // A script's call through the relay cannot follow a sign-in page: it gets 401 and tells the person.
            if (context.Request.Path.StartsWithSegments(Api.ApiRelay.Prefix, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.HandleResponse();
            }

            return Task.CompletedTask;
        };
        oidc.Events.OnRemoteFailure = context =>
        {
            // Cancelled at LS Login, or a stale sign-in tab: a page that says so, not an exception page.
            var reason = context.Failure?.Message ?? "unknown";
            context.Response.Redirect($"{FailedPath}?reason={Uri.EscapeDataString(reason.Length > 200 ? reason[..200] : reason)}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static async Task AddPlatformIdentityAsync(TokenValidatedContext context)
    {
        var accessToken = context.TokenEndpointResponse?.AccessToken;
        if (context.Principal?.Identity is not ClaimsIdentity identity || accessToken is null)
        {
            context.Fail("LS Login issued no access token for the Eucaim API.");
            return;
        }

        try
        {
            await context.HttpContext.RequestServices.GetRequiredService<PlatformIdentity>()
                .AddToAsync(identity, accessToken, context.HttpContext.RequestAborted);
        }
        catch (HttpRequestException problem)
        {
            context.Fail($"The Eucaim API could not say who you are ({problem.StatusCode?.ToString() ?? problem.Message}).");
        }
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>The provider's origin, which the sign-out form is redirected to (the page's form-action policy must allow it).</summary>
    public static string ProviderOrigin(SignInOptions options) =>
        new Uri(options.Authority).GetLeftPart(UriPartial.Authority);
}
