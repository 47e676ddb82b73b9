namespace Eucaim.Dicom;

/// <summary>
/// Identifies a private attribute independently of the block its creator was given in a particular file:
/// private creator, group, and the low byte of the element (PS3.5 7.8.1).
/// </summary>
public readonly record struct PrivateTagKey(string Creator, ushort Group, byte Element)
{
    public override string ToString() => $"{Creator} ({Group:X4},xx{Element:X2})";
}
