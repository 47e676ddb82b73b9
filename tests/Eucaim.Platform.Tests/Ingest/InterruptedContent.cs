using System.Net;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>A request body that announces <paramref name="declared"/> bytes, sends the first <paramref name="cutAt"/> and then fails, like a client whose connection drops.</summary>
public sealed class InterruptedContent(byte[] source, int start, int declared, int cutAt) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(source.AsMemory(start, cutAt));
        await stream.FlushAsync();
        // Give the bytes time to leave before the connection is torn down.
        await Task.Delay(300);
        throw new IOException("connection dropped by the test");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declared;
        return true;
    }
}
