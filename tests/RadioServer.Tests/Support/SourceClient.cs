using System.Net.Sockets;
using System.Text;

namespace RadioServer.Tests.Support;

/// <summary>A presenter's source connection by hand (HTTP PUT with Basic auth), for tests that send what no encoder would.</summary>
internal static class SourceClient
{
    /// <summary>Connects and sends the request head; returns the socket and the station's answer head (e.g. <c>HTTP/1.0 200 OK</c>).</summary>
    public static async Task<(TcpClient Tcp, string Head)> TryConnectAsync(Uri station, string password, string mount = "/live.mp3", string type = "audio/mpeg")
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(station.Host, station.Port);
            string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"source:{password}"));
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"PUT {mount} HTTP/1.1\r\nHost: {station.Authority}\r\nAuthorization: Basic {auth}\r\nContent-Type: {type}\r\n\r\n"));
            var head = new StringBuilder();
            var buffer = new byte[1];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer, timeout.Token) == 1)
            {
                head.Append((char)buffer[0]);
            }

            return (tcp, head.ToString());
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="TryConnectAsync"/>, asserting the station took the source.</summary>
    public static async Task<TcpClient> ConnectAsync(Uri station, string password, string mount = "/live.mp3", string type = "audio/mpeg")
    {
        var (tcp, head) = await TryConnectAsync(station, password, mount, type);
        if (!head.StartsWith("HTTP/1.0 200 OK", StringComparison.Ordinal))
        {
            tcp.Dispose();
            Assert.Fail($"the source was refused: {head}");
        }

        return tcp;
    }
}
