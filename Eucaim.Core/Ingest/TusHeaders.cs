namespace Eucaim.Core.Ingest;

/// <summary>The tus 1.0 headers the upload rules name in their refusals (https://tus.io/protocols/resumable-upload).</summary>
public static class TusHeaders
{
    public const string Offset = "Upload-Offset";
    public const string Length = "Upload-Length";
    public const string Metadata = "Upload-Metadata";
    public const string Checksum = "Upload-Checksum";
    public const string IdempotencyKey = "Idempotency-Key";
}
