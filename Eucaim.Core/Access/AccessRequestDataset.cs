namespace Eucaim.Core.Access;

/// <summary>One dataset of an access request, with its own outcome.</summary>
public sealed class AccessRequestDataset
{
    public Guid AccessRequestId { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>A fixed version, or null for "the latest published version".</summary>
    public int? Version { get; set; }

    /// <summary>The dataset's name when requested, so the request reads well later.</summary>
    public required string DatasetName { get; set; }

    public required string OrganizationKey { get; set; }

    /// <summary>Whether the data holder must approve too: the dataset's rule at submission time.</summary>
    public bool RequiresDataHolderApproval { get; set; }

    public AccessItemStatus Status { get; set; }

    public Guid? GrantId { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
}

public enum AccessItemStatus
{
    Pending,
    Approved,
    Rejected,
    /// <summary>The request was withdrawn before this dataset was decided.</summary>
    Withdrawn,
}
