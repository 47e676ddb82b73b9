using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>An answer of the fake API server: the HTTP status, the body, and a <c>Warning</c> header when admission had one.</summary>
public readonly record struct FakeKubernetesResult(int Code, JsonObject Body, string? Warning = null)
{
    public bool Succeeded => Code is >= 200 and < 300;
}

/// <summary><c>meta/v1 Status</c> bodies with the reasons the real API server gives for each code.</summary>
internal static class KubeStatus
{
    public static FakeKubernetesResult Failure(int code, string message, string? reason = null, JsonObject? details = null)
    {
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason ?? Reason(code),
            ["code"] = code,
        };
        if (details is not null)
        {
            body["details"] = details;
        }

        return new FakeKubernetesResult(code, body);
    }

    public static FakeKubernetesResult NotFound(Target target, string name) =>
        Failure(404, $"{target.Resource} \"{name}\" not found", details: Details(target, name));

    public static FakeKubernetesResult Forbidden(Target target, string name, string why) =>
        Failure(403, $"{target.Resource} \"{name}\" is forbidden: {why}", details: Details(target, name));

    public static FakeKubernetesResult Invalid(Target target, string name, string field, string why) =>
        Failure(422, $"{target.Kind}{(target.Group.Length > 0 ? "." + target.Group : "")} \"{name}\" is invalid: {field}: {why}", details: Details(target, name));

    public static FakeKubernetesResult Conflict(Target target, string name) =>
        Failure(409, $"Operation cannot be fulfilled on {target.Resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            details: Details(target, name));

    public static JsonObject Success() => new() { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 200 };

    public static string Reason(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Expired",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "InternalError",
    };

    private static JsonObject Details(Target target, string name) => new() { ["name"] = name, ["group"] = target.Group, ["kind"] = target.Plural };
}
