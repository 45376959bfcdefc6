using System.Net;
using System.Net.Sockets;

namespace RadioServer.LoadTest;

/// <summary>
/// The tester only ever talks to this machine: a load test pointed at someone else's server is an attack, so any
/// address outside 127.0.0.0/8 is refused before a socket is opened.
/// </summary>
internal static class Loopback
{
    /// <summary>True for an IPv4 address in 127.0.0.0/8.</summary>
    public static bool IsLoopbackV4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 127;

    /// <summary>Parses a dotted IPv4 address in 127.0.0.0/8; null for anything else (names included).</summary>
    public static IPAddress? Parse(string text) =>
        IPAddress.TryParse(text, out var address) && IsLoopbackV4(address) && text.Count(static c => c == '.') == 3 ? address : null;

    /// <summary>The 254 client addresses 127.0.0.1 … 127.0.0.254, so no one address runs out of ephemeral ports.</summary>
    public static IPEndPoint[] SourceEndPoints()
    {
        var endPoints = new IPEndPoint[254];
        for (int i = 0; i < endPoints.Length; i++)
        {
            endPoints[i] = new IPEndPoint(new IPAddress([127, 0, 0, (byte)(i + 1)]), 0);
        }

        return endPoints;
    }
}
