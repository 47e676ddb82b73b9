namespace Eucaim.Dicom;

/// <summary>Stable finding codes; the platform keys its decisions on these, never on message text.</summary>
public static class DicomFindingCodes
{
    // Structure of the file.
    public const string NotDicom = "NotDicom";
    public const string MissingPreamble = "MissingPreamble";
    public const string MissingFileMetaInformation = "MissingFileMetaInformation";
    public const string InvalidFileMetaInformation = "InvalidFileMetaInformation";
    public const string MissingTransferSyntax = "MissingTransferSyntax";
    public const string UnsupportedTransferSyntax = "UnsupportedTransferSyntax";
    public const string TransferSyntaxMismatch = "TransferSyntaxMismatch";
    public const string Truncated = "Truncated";
    public const string LengthPastEnd = "LengthPastEnd";
    public const string OddLength = "OddLength";
    public const string InvalidVR = "InvalidVR";
    public const string InvalidLength = "InvalidLength";
    public const string ValueTooLarge = "ValueTooLarge";
    public const string HeaderTooLarge = "HeaderTooLarge";
    public const string SequenceTooDeep = "SequenceTooDeep";
    public const string MalformedSequence = "MalformedSequence";
    public const string UnexpectedDelimiter = "UnexpectedDelimiter";
    public const string TagOrder = "TagOrder";
    public const string DuplicateTag = "DuplicateTag";
    public const string DeflateError = "DeflateError";
    public const string ReadError = "ReadError";
    public const string UnsupportedCharacterSet = "UnsupportedCharacterSet";

    // Content of the dataset.
    public const string MissingAttribute = "MissingAttribute";
    public const string InvalidValue = "InvalidValue";
    public const string InvalidUid = "InvalidUid";
    public const string MetaInformationMismatch = "MetaInformationMismatch";
    public const string PixelDataSizeMismatch = "PixelDataSizeMismatch";
    public const string MalformedPixelData = "MalformedPixelData";
    public const string DuplicateSopInstanceUid = "DuplicateSopInstanceUid";

    // De-identification.
    public const string BurnedInAnnotation = "BurnedInAnnotation";
    public const string PossibleBurnedInAnnotation = "PossibleBurnedInAnnotation";
    public const string ResidualIdentifyingInformation = "ResidualIdentifyingInformation";
    public const string ResidualPrivateAttribute = "ResidualPrivateAttribute";
    public const string ResidualDate = "ResidualDate";
    public const string ResidualFreeText = "ResidualFreeText";
    public const string NotDeclaredDeidentified = "NotDeclaredDeidentified";
    public const string AttributeDropped = "AttributeDropped";
    public const string DeidentificationRefused = "DeidentificationRefused";

    // Quality of a set.
    public const string SeriesIncomplete = "SeriesIncomplete";
    public const string DuplicateInstanceNumber = "DuplicateInstanceNumber";
    public const string InconsistentSliceSpacing = "InconsistentSliceSpacing";
    public const string MixedImageSizes = "MixedImageSizes";
}
