using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.Features;

namespace Eucaim.Api.Ingest;

/// <summary>A tus PATCH body as <see cref="AppendUploadChunk"/> takes it: Kestrel's body limit, and the receiver streaming it into blocks.</summary>
internal sealed class TusChunk(HttpContext http, UploadReceiver receiver, ChunkChecksum? checksum) : IChunkSource
{
    public long? DeclaredLength => http.Request.ContentLength;

    public void LimitTo(long remaining)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = remaining;
        }
    }

    public Task<ChunkResult> ReceiveAsync(Upload upload) => receiver.ReceiveAsync(upload, http.Request.Body, checksum, http.RequestAborted);
}
