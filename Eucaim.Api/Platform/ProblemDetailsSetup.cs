using Microsoft.AspNetCore.Http.Features;

namespace Eucaim.Api.Platform;

internal static class ProblemDetailsSetup
{
    /// <summary>
    /// Every error the API returns is an RFC 9457 problem document, including unhandled exceptions
    /// (no stack trace leaks outside Development) and bare status codes such as 404 and 405, each
    /// with a <c>type</c> (<see cref="ProblemTypes"/> where the framework has none).
    /// </summary>
    public static IHostApplicationBuilder AddEucaimProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Type ??= TypeOf(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            context.ProblemDetails.Instance ??= $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}";
            context.ProblemDetails.Type ??= ProblemTypes.For(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            var activity = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity;
            context.ProblemDetails.Extensions.TryAdd("traceId", activity?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        });
        return builder;
    }

    /// <summary>
    /// The <c>type</c> of a problem whose code the framework has no link for (428, 429, …): the
    /// section of the RFC that defines the status, so every problem carries one.
    /// </summary>
    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status428PreconditionRequired => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://www.rfc-editor.org/rfc/rfc6585#section-5",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status414UriTooLong => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        StatusCodes.Status416RangeNotSatisfiable => "https://tools.ietf.org/html/rfc9110#section-15.5.17",
        _ => "about:blank",
    };
}
