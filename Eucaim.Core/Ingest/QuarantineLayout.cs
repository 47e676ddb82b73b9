namespace Eucaim.Core.Ingest;

/// <summary>Where uploads wait in the <c>quarantine</c> container before the ingest validates them.</summary>
public static class QuarantineLayout
{
    public static string UploadBlob(Guid datasetId, Guid uploadId) => $"uploads/{datasetId}/{uploadId}";

    /// <summary>Block ids must all have the same length within a blob: the zero-padded start offset, base64.</summary>
    public static string BlockId(long offset) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(offset.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)));
}
