using System.Net;
using System.Net.Sockets;

namespace Eucaim.Ingest.Benchmarks;

internal static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on now (Orthanc's, and the platform's with direct endpoints).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
