namespace Eucaim.Core.Jobs;

/// <summary>A job as a member asks for it, before any rule is checked (the fields of <c>POST /api/jobs</c>).</summary>
public sealed record JobDraft(
    string? Tenant,
    string? Name,
    string? Image,
    List<string>? Command,
    List<string>? Arguments,
    Dictionary<string, string>? Environment,
    string? Flavor,
    List<Guid>? Datasets,
    int? MaxRuntimeMinutes,
    bool DryRun);
