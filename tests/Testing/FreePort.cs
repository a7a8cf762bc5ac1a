using System.Net;
using System.Net.Sockets;

namespace Platform.Testing;

public static class FreePort
{
    /// <summary>A loopback port that is free now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
