namespace Eucaim.Web.Imaging;

/// <summary>DICOM UIDs as they may appear in a portal address (PS3.5 9.1: digits and dots, at most 64 characters).</summary>
public static class DicomUids
{
    public static bool IsValid(string? uid) =>
        uid is { Length: > 0 and <= 64 } && uid.All(c => c is '.' or (>= '0' and <= '9')) && !uid.StartsWith('.') && !uid.EndsWith('.');
}
