using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Eucaim.Api.Identity;

/// <summary>
/// The answer to a request that needs a signed-in caller and has none: 401 with an RFC 6750
/// <c>WWW-Authenticate</c> header that always says why, or 503 when the sign-in provider could not
/// be asked. Both carry a ProblemDetails body.
/// </summary>
internal static class BearerChallenge
{
    private const int MaxDescription = 200;

    public static async Task WriteAsync(HttpContext http, Exception? failure, string? description)
    {
        if (failure is SignInProviderUnavailableException unavailable)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "30";
            await WriteProblemAsync(http, "The sign-in provider cannot be reached.", unavailable.Message);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (failure is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteProblemAsync(http, "Sign-in required.", "Send an access token from Life Science Login as 'Authorization: Bearer <token>'.");
            return;
        }

        var why = Sanitize(string.IsNullOrWhiteSpace(description) ? Describe(failure) : description);
        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{why}\"";
        await WriteProblemAsync(http, "The access token was rejected.", why);
    }

    /// <summary>What JwtBearer leaves undescribed: malformed tokens, refused algorithms, our own refusals.</summary>
    private static string Describe(Exception failure) => failure switch
    {
        TokenRejectedException rejected => rejected.Message,
        SecurityTokenMalformedException or ArgumentException => "The token is malformed",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "The signature key was not found",
        SecurityTokenInvalidSignatureException => "The signature is invalid",
        SecurityTokenInvalidIssuerException => "The issuer is invalid",
        SecurityTokenInvalidAudienceException => "The audience is invalid",
        SecurityTokenExpiredException => "The token expired",
        SecurityTokenNotYetValidException => "The token is not valid yet",
        SecurityTokenNoExpirationException => "The token has no expiration",
        SecurityTokenInvalidTypeException => "The token type is not accepted",
        AggregateException { InnerExceptions.Count: > 0 } all => string.Join("; ", all.InnerExceptions.Select(Describe).Distinct()),
        _ => "The token is invalid",
    };

    /// <summary>
    /// Header values must be printable ASCII, and JwtBearer's descriptions quote the token's own
    /// (attacker-chosen) issuer or audience: anything else would turn a 401 into a 500.
    /// </summary>
    private static string Sanitize(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, MaxDescription));
        foreach (var c in text)
        {
            if (clean.Length == MaxDescription)
            {
                break;
            }

            clean.Append(c is >= ' ' and <= '~' && c is not '"' and not '\\' ? c : '?');
        }

        return clean.ToString();
    }

    private static async Task WriteProblemAsync(HttpContext http, string title, string detail)
    {
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        http.Response.Headers.CacheControl = "no-store";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = http.Response.StatusCode,
                Title = title,
                Detail = detail,
            },
        });
    }
}
