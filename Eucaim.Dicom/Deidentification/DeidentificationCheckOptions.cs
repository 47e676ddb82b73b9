using System.Text.RegularExpressions;

namespace Eucaim.Dicom;

/// <summary>What the residual-information check accepts as a harmless replacement value.</summary>
public sealed partial record DeidentificationCheckOptions
{
    public static readonly DeidentificationCheckOptions Default = new();

    /// <summary>Values that are recognisably placeholders (compared case-insensitively, '^' ignored).</summary>
    public IReadOnlySet<string> AcceptedDummyValues { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ANONYMIZED", "ANONYMISED", "ANONYMOUS", "ANON", "REMOVED", "DEIDENTIFIED", "DE-IDENTIFIED", "UNKNOWN", "NONE", "N/A", "NA", "0",
        "19000101", "000000", "19000101000000",
    };

    /// <summary>Pseudonymous Patient IDs that are acceptable; the default matches <see cref="DicomDeidentifier"/>'s.</summary>
    public Regex AcceptedPatientIdPattern { get; init; } = EucaimPseudonym();

    /// <summary>Private attributes the platform allows to remain (Retain Safe Private Option).</summary>
    public IReadOnlySet<PrivateTagKey> SafePrivateAttributes { get; init; } = new HashSet<PrivateTagKey>();

    // Source-generated: constructing a Regex at run time costs a few milliseconds of every command-line check.
    [GeneratedRegex("^EUCAIM-[0-9A-F]{20}$", RegexOptions.CultureInvariant)]
    private static partial Regex EucaimPseudonym();
}
