namespace Eucaim.Core.Tenants;

/// <summary>
/// A tenant's desired state as an admin sends it (the fields of <c>POST</c> and <c>PUT /api/tenants</c>);
/// <see cref="Slug"/> is null for an update, where it never changes.
/// </summary>
public sealed record TenantDraft(
    string? Slug,
    string? Name,
    string? LsLoginGroup,
    TenantQuota? Quota,
    List<string>? AllowedFlavors,
    List<string>? Members);
