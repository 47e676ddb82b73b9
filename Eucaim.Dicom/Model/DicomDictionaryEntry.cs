namespace Eucaim.Dicom;

/// <summary>One PS3.6 data element: tag, the VRs it may take, its keyword.</summary>
public sealed record DicomDictionaryEntry(DicomTag Tag, IReadOnlyList<DicomVR> ValueRepresentations, string Keyword, bool IsRetired)
{
    /// <summary>The VR used when the encoding does not say (implicit VR); ambiguous entries resolve to the first listed, OB|OW to OW (PS3.5 A.1).</summary>
    public DicomVR DefaultVR => ValueRepresentations.Count == 2 && ValueRepresentations[0] == DicomVR.OB ? DicomVR.OW : ValueRepresentations[0];

    /// <summary>True when PS3.6 allows several VRs, so an implicit VR reading cannot know which was meant.</summary>
    public bool IsAmbiguous => ValueRepresentations.Count > 1;
}
