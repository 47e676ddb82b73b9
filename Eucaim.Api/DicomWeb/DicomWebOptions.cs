namespace Eucaim.Api.DicomWeb;

/// <summary><c>Eucaim:DicomWeb</c>: limits of STOW-RS.</summary>
public sealed class DicomWebOptions
{
    public const string Section = "Eucaim:DicomWeb";

    /// <summary>Largest STOW-RS request body; larger ones get 413 before they are read.</summary>
    public long MaxStowBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest single instance; each one is held in memory while it is checked and stored.</summary>
    public int MaxInstanceBytes { get; set; } = 512 * 1024 * 1024;
}
