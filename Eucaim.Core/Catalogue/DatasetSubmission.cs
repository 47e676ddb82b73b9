using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// A dataset's metadata as the Api read it from a request: either a problem with the body itself
/// (not JSON, not a JSON object), or the bound metadata and organization key, with the fields whose
/// value had the wrong type. Checked only after the dataset's access and preconditions, as always.
/// </summary>
public sealed record DatasetSubmission(Problem? Unreadable, string? OrganizationKey, DatasetMetadata? Metadata, IReadOnlyDictionary<string, string[]>? BindingErrors)
{
    public static DatasetSubmission Refused(Problem problem) => new(problem, null, null, null);

    /// <summary>Wrong-typed fields, else every rule of <see cref="DatasetMetadataValidator"/>.</summary>
    public Dictionary<string, string[]> MetadataErrors() => BindingErrors is { } binding
        ? new Dictionary<string, string[]>(binding)
        : DatasetMetadataValidator.Validate(Metadata ?? new DatasetMetadata());
}
