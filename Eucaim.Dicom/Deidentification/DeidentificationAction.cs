namespace Eucaim.Dicom;

/// <summary>The actions of PS3.15 Table E.1-1.</summary>
public enum DeidentificationAction
{
    /// <summary>K: keep the value (sequences are still processed item by item).</summary>
    Keep,

    /// <summary>X: remove the attribute.</summary>
    Remove,

    /// <summary>Z: replace with a zero-length value.</summary>
    Empty,

    /// <summary>D: replace with a non-zero-length dummy value consistent with the VR.</summary>
    Dummy,

    /// <summary>C: clean: replace with values of similar meaning that carry no identifying information.</summary>
    Clean,

    /// <summary>U: replace a UID with one that is consistent within the data set (keyed hash).</summary>
    ReplaceUid,
}
