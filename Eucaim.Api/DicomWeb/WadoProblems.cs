namespace Eucaim.Api.DicomWeb;

/// <summary>The problem documents WADO-RS answers with (each gets its <c>type</c> from the problem details setup).</summary>
internal static class WadoProblems
{
    public static IResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>406: nothing the Accept header allows can be produced; <paramref name="detail"/> says what can.</summary>
    public static IResult NotAcceptable(string detail, IEnumerable<string>? available = null) =>
        TypedResults.Problem(title: "Not acceptable.", detail: detail, statusCode: StatusCodes.Status406NotAcceptable,
            extensions: new Dictionary<string, object?> { ["header"] = "Accept", ["available"] = available?.ToArray() ?? [] });
}
