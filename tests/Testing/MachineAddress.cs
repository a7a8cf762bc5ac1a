using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Platform.Testing;

/// <summary>
/// This machine's own address on a network interface that is not loopback (eth0's, else a bridge's such as docker0's): a connection
/// to it from this machine arrives from that address, which is how a test makes a real request "from another machine".
/// Only the tests of the API's access rule bind to it (the one exception to "bind to 127.0.0.1").
/// </summary>
public static class MachineAddress
{
    public static IPAddress NonLoopback()
    {
        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("this machine has no IPv4 address outside loopback (expected eth0's or docker0's); the test needs one to call from");
    }
}
