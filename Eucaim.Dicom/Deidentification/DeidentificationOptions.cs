namespace Eucaim.Dicom;

/// <summary>Settings of the de-identifier; <see cref="SiteSecret"/> is required and must stay at the site.</summary>
public sealed record DeidentificationOptions
{
    /// <summary>Key of the keyed hashes that replace UIDs and patient IDs: same secret, same replacements; without it they cannot be reversed or confirmed.</summary>
    public required byte[] SiteSecret { get; init; }

    /// <summary>Retain UIDs Option: UIDs are kept instead of replaced.</summary>
    public bool RetainUids { get; init; }

    /// <summary>
    /// Retain Longitudinal Temporal Information with Modified Dates Option: every date moves by this many days
    /// (times are kept), so intervals between examinations survive. Null disables the option unless
    /// <see cref="DateShiftRangeDays"/> is set.
    /// </summary>
    public int? DateShiftDays { get; init; }

    /// <summary>Like <see cref="DateShiftDays"/>, but each patient gets a shift in [-range, -1] days derived from the site secret and the Patient ID.</summary>
    public int? DateShiftRangeDays { get; init; }

    /// <summary>Retain Safe Private Option: private attributes listed here are kept, all others removed.</summary>
    public IReadOnlySet<PrivateTagKey> SafePrivateAttributes { get; init; } = new HashSet<PrivateTagKey>();

    /// <summary>Per-attribute actions that take precedence over the profile (for instance K or C for descriptors the project needs).</summary>
    public IReadOnlyDictionary<DicomTag, DeidentificationAction> Overrides { get; init; } = new Dictionary<DicomTag, DeidentificationAction>();

    /// <summary>Prefix of the pseudonymous Patient ID written in place of the original.</summary>
    public string PatientIdPrefix { get; init; } = "EUCAIM-";

    public bool ShiftsDates => DateShiftDays is not null || DateShiftRangeDays is not null;
}
