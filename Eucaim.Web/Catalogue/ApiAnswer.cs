namespace Eucaim.Web.Catalogue;

/// <summary>What the API answered: a value, or the problem it refused the request with (shown on the page, never thrown).</summary>
public sealed record ApiAnswer<T>(T? Value, ApiProblem? Problem, bool NotFound)
    where T : class
{
    public static ApiAnswer<T> Of(T value) => new(value, null, false);

    public static ApiAnswer<T> Refused(ApiProblem problem, bool notFound) => new(null, problem, notFound);
}
