using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Eucaim.Api.Platform;

/// <summary>
/// A request the endpoint could not bind (malformed JSON, a value of the wrong type, <c>limit=abc</c>,
/// <c>after=notuuid</c>, an integer overflow, a missing body) is answered like any other invalid
/// input: 400 with <c>errors</c> naming the field, in every environment. Minimal APIs are told to
/// throw on a binding failure everywhere (by default only Development throws, and other
/// environments answer a bare 400), and this handler turns the exception into the problem.
/// </summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted)
        {
            return false;
        }

        var (field, message) = Describe(bad);
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        http.Response.StatusCode = status;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = status == StatusCodes.Status400BadRequest ? "The request is not valid." : null,
            Detail = message,
        };
        problem.Extensions["field"] = field;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The field the failure is about and what to do, from the framework's message and the JSON reader's path.</summary>
    internal static (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
                : json.Path is { Length: > 1 } indexed && indexed.StartsWith("$[", StringComparison.Ordinal) ? "body" + indexed[1..]
                : "body";
            var reason = json.InnerException is { } inner && inner is not JsonException ? inner.Message : json.Message;
            return (field, $"The body is not valid JSON of the expected shape at '{field}': {FirstSentence(reason)}");
        }

        var message = exception.Message;
        if (BodyParameter().IsMatch(message) || message.Contains("request body", StringComparison.Ordinal))
        {
            return ("body", message.Contains("not provided", StringComparison.Ordinal)
                ? "A JSON body is required."
                : $"The body could not be read: {FirstSentence(message)}");
        }

        if (Parameter().Match(message) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            return message.Contains("not provided", StringComparison.Ordinal)
                ? (name, $"{name} is required.")
                : (name, $"{name} must be a {Friendly(parameter.Groups["type"].Value)}; '{Truncate(parameter.Groups["value"].Value)}' is not.");
        }

        if (message.Contains("media type", StringComparison.OrdinalIgnoreCase) || message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            return ("Content-Type", message);
        }

        return ("request", message);
    }

    private static string Friendly(string type) => type.TrimEnd('?') switch
    {
        "int" or "Int32" or "long" or "Int64" or "short" => "whole number in range",
        "Guid" => "UUID",
        "bool" or "Boolean" => "boolean (true or false)",
        "DateTimeOffset" or "DateTime" => "date and time (ISO 8601)",
        "double" or "decimal" => "number",
        var other => other,
    };

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? text[..(end + 1)] : text;
    }

    private static string Truncate(string value) => value.Length > 60 ? value[..60] + "…" : value.Replace("\0", "\\0", StringComparison.Ordinal);

    // Failed to bind parameter "int limit" from "abc".  Required parameter "Guid id" was not provided from route.
    [GeneratedRegex("parameter \"(?<type>[^\" ]+) (?<name>[^\" ]+)\"(?: from \"(?<value>.*)\")?", RegexOptions.Singleline)]
    private static partial Regex Parameter();

    [GeneratedRegex("parameter \"[^\"]+\" from the request body|from body", RegexOptions.Singleline)]
    private static partial Regex BodyParameter();
}
