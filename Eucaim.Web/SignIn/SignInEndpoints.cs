using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Eucaim.Web.SignIn;

/// <summary><c>GET /signin</c> starts a sign-in at LS Login; <c>POST /signout</c> ends the session here and at LS Login.</summary>
internal static class SignInEndpoints
{
    public static void MapPortalSignIn(this WebApplication app)
    {
        app.MapGet(SignInSetup.SignInPath, (string? returnUrl) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));

        app.MapPost(SignInSetup.SignOutPath, SignOutAsync).DisableAntiforgery(); // validated below, with a page for the refusal
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, SessionTokens tokens)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(
                title: "The sign-out form has expired.",
                detail: "Reload the page and sign out again.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var session = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!session.Succeeded)
        {
            return TypedResults.LocalRedirect("/");
        }

        await tokens.RevokeAsync(session.Properties, http.RequestAborted);
        // The cookie scheme forgets the session here; the provider's scheme sends the browser to LS Login's
        // end-session endpoint (with the ID token as hint), which comes back to the portal's home page.
        return TypedResults.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
    }

    private static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
