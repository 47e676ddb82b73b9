namespace Eucaim.Core.Access;

/// <summary>
/// A data holder's explicit choice of whether their approval is needed for access to a dataset, in
/// addition to the committee's. Without a row the rule is derived from the version's terms of use
/// (<see cref="DataHolderApprovalRule"/>).
/// </summary>
public sealed class DatasetAccessPolicy
{
    public Guid DatasetId { get; set; }

    public bool RequiresDataHolderApproval { get; set; }

    /// <summary>
    /// The airlock's small-cell threshold: a count below it in an exported table is a blocking
    /// finding. Without a row, <see cref="DefaultSmallCellThreshold"/>.
    /// </summary>
    public int SmallCellThreshold { get; set; } = DefaultSmallCellThreshold;

    public const int DefaultSmallCellThreshold = 5;

    public const int MaxSmallCellThreshold = 1000;

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
