namespace Eucaim.Core.Access;

/// <summary>What a requester writes about a request, as sent (any field may be missing or wrong).</summary>
public sealed record AccessRequestDraft(
    string? Title, string? Purpose, string? IntendedUse, IReadOnlyList<string?>? DuoCodes, int? RequestedDays);

/// <summary>A <see cref="AccessRequestDraft"/> that passed <see cref="AccessRequestValidation"/>: trimmed, codes distinct.</summary>
public sealed record AccessRequestContent(string Title, string Purpose, string? IntendedUse, IReadOnlyList<string> DuoCodes, int RequestedDays)
{
    /// <summary>Writes the content onto <paramref name="request"/> (on submission and on revision).</summary>
    public void ApplyTo(AccessRequest request)
    {
        request.Title = Title;
        request.Purpose = Purpose;
        request.IntendedUse = IntendedUse;
        request.DuoCodes = [.. DuoCodes];
        request.RequestedDays = RequestedDays;
    }
}

/// <summary>One dataset a submission asks for: a fixed version, or null for the latest published.</summary>
public sealed record WantedDataset(Guid DatasetId, int? Version);

/// <summary>A new request as sent: the tenant it is for, the content, the datasets.</summary>
public sealed record AccessSubmission(string? Tenant, AccessRequestDraft Draft, IReadOnlyList<WantedDataset>? Datasets);

/// <summary>A submission that passed validation.</summary>
public sealed record ValidAccessSubmission(string Tenant, AccessRequestContent Content, IReadOnlyList<WantedDataset> Datasets);
