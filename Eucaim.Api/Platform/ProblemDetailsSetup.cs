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
            context.ProblemDetails.Instance ??= $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}";
            context.ProblemDetails.Type ??= ProblemTypes.For(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            var activity = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity;
            context.ProblemDetails.Extensions.TryAdd("traceId", activity?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        });
        return builder;
    }
}
