using System.Text;
using Eucaim.Core.Platform;
using Microsoft.Net.Http.Headers;

namespace Eucaim.Api.Platform;

/// <summary>
/// The <see cref="TextInput"/> policy applied to everything a request carries before an endpoint
/// sees it: query parameters and the path (here), JSON strings (<see cref="TextInputJsonConverter"/>),
/// and binding failures answered as problems that name the field (<see cref="BadRequestProblems"/>).
/// </summary>
internal static class InputSetup
{
    public static IHostApplicationBuilder AddEucaimInputPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        return builder;
    }

    /// <summary>Refuses a query parameter or a path with a control character, or a query value over the limit, with a 400 naming it.</summary>
    public static IApplicationBuilder UseEucaimInputPolicy(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var (status, errors) = UnsupportedCharset(http.Request) is { } charset
                ? (StatusCodes.Status415UnsupportedMediaType, charset)
                : (StatusCodes.Status400BadRequest, Refusal(http.Request));
            if (errors is not null)
            {
                http.Response.StatusCode = status;
                var problem = new HttpValidationProblemDetails(errors)
                {
                    Status = status,
                    Title = status == StatusCodes.Status400BadRequest ? "The request is not valid." : "The body's character set is not supported.",
                    Detail = string.Join(" ", errors.SelectMany(e => e.Value)),
                };
                problem.Extensions["field"] = errors.Keys.First();
                await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
                return;
            }

            await next(http);
        });

    /// <summary>
    /// A body declared in a character set .NET does not know: the JSON readers would throw on it,
    /// so it is refused here, as what it is (415), before any of them runs.
    /// </summary>
    internal static Dictionary<string, string[]>? UnsupportedCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.Charset.Value is not { Length: > 0 } charset)
        {
            return null;
        }

        try
        {
            _ = Encoding.GetEncoding(HeaderUtilities.RemoveQuotes(charset).Value ?? "");
            return null;
        }
        catch (ArgumentException)
        {
            return new() { ["Content-Type"] = [$"The charset '{Printable(charset)}' is not supported; send UTF-8."] };
        }
    }

    private static string Printable(string text) => string.Concat(text.Take(60).Select(c => c is < ' ' or > '~' ? '?' : c));

    internal static Dictionary<string, string[]>? Refusal(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Path.Value is { } path && TextInput.ForbiddenCharacter(path) is not null)
        {
            TextInput.Validate(errors, "path", path, int.MaxValue);
        }

        foreach (var (key, values) in request.Query)
        {
            var field = TextInput.ForbiddenCharacter(key) is null && key.Length <= TextInput.MaxQueryValueLength ? key : "query";
            if (field == "query")
            {
                errors["query"] = ["A query parameter name contains a control character or is too long."];
                continue;
            }

            foreach (var value in values)
            {
                TextInput.Validate(errors, field, value, TextInput.MaxQueryValueLength);
            }
        }

        return errors.Count == 0 ? null : errors;
    }
}
