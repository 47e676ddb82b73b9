using Eucaim.Core.Platform;

namespace Eucaim.Core.Tenants;

/// <summary>The problems of the tenant and flavor use cases; each names the offending field.</summary>
public static class TenantProblems
{
    public const string InvalidTitle = "Invalid request.";

    public static Problem Invalid(IReadOnlyDictionary<string, string[]> errors) => Problem.Invalid(errors, InvalidTitle);

    public static Problem Invalid(string field, string message) => Problem.Invalid(field, message, InvalidTitle);

    /// <summary>The same answer for a tenant that does not exist and one the caller may not see.</summary>
    public static Problem TenantNotFound(string key) => Problem.NotFound("tenant", key);

    public static Problem FlavorNotFound(string name) => Problem.NotFound("flavor", name);

    public static Problem Conflict(string detail) => new(ProblemKind.Conflict, "Conflict.", detail);

    public static Problem DuplicateSlug(string slug) => Invalid("slug", $"A tenant with slug '{slug}' already exists.");

    public static Problem DuplicateFlavor(string name) => Invalid("name", $"A flavor named '{name}' already exists.");

    public static Problem BeingDeleted(string slug) => Conflict($"Tenant '{slug}' is being deleted.");
}
