namespace Eucaim.Core.Jobs;

/// <summary>One rule a job request breaks: the field, a stable rule name, the HTTP status class and a sentence.</summary>
public sealed record JobRefusal(string Field, string Rule, int Status, string Message)
{
    public static JobRefusal Invalid(string field, string rule, string message) => new(field, rule, 400, message);

    public static JobRefusal Forbidden(string field, string rule, string message) => new(field, rule, 403, message);

    public static JobRefusal Conflict(string field, string rule, string message) => new(field, rule, 409, message);
}
