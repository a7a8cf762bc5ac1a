using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Infrastructure;

/// <summary>A loopback port that is free now, for the ports of host processes that DCP does not proxy.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
