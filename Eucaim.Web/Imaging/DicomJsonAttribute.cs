using System.Text.Json;

namespace Eucaim.Web.Imaging;

/// <summary>One attribute of a DICOM JSON object (PS3.18 F.2.2): its VR and values, as QIDO-RS answers them.</summary>
public sealed record DicomJsonAttribute(string Vr, JsonElement[]? Value);
