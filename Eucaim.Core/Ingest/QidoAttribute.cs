namespace Eucaim.Core.Ingest;

/// <summary>The index level that keeps an attribute; a search returns attributes of its level and the levels above.</summary>
public enum QidoEntity
{
    Study,
    Series,
    Instance,
}

/// <summary>How a QIDO-RS query value is matched against an attribute (PS3.4 C.2.2.2).</summary>
public enum QidoMatching
{
    /// <summary>Returned only: a query value is refused.</summary>
    None,

    /// <summary>Single value or a list of UIDs (comma or backslash separated).</summary>
    Uid,

    /// <summary>Single value or wildcard (<c>*</c>, <c>?</c>), case-sensitive.</summary>
    Text,

    /// <summary>Like <see cref="Text"/>, and a comma or backslash separated list of values, any of which matches (CS never holds either).</summary>
    CodeList,

    /// <summary>Single value or wildcard, case-insensitive (PS3.4 lets PN matching ignore case).</summary>
    PersonName,

    /// <summary>A DA value or a range, open at either end.</summary>
    Date,

    /// <summary>A TM value or a range, open at either end; a partial time stands for all of its hour or minute.</summary>
    Time,

    /// <summary>A single IS value.</summary>
    Number,
}

/// <summary>An attribute the DICOM index keeps and QIDO-RS returns, and how it may be matched.</summary>
/// <param name="IsDefault">Returned without being asked for (PS3.18 Tables 10.6.3-3 to 10.6.3-5, as far as the index keeps them).</param>
public sealed record QidoAttribute(string Keyword, string Tag, string VR, QidoEntity Entity, QidoMatching Matching, bool IsDefault = true)
{
    public override string ToString() => $"{Keyword} ({Tag})";
}
