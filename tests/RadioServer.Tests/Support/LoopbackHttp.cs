using System.Net;
using System.Net.Sockets;

namespace RadioServer.Tests.Support;

/// <summary>An <see cref="HttpClient"/> whose connections leave from a chosen loopback address (any 127.x.y.z on Linux), so tests can be several clients.</summary>
internal static class LoopbackHttp
{
    /// <summary>A client from <paramref name="local"/>; <paramref name="trust"/>: the one self-signed certificate a test made, accepted by its thumbprint.</summary>
    public static HttpClient From(IPAddress local, System.Security.Cryptography.X509Certificates.X509Certificate2? trust = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (trust is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trust.Thumbprint;
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Basic credentials as a header value.</summary>
    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));
}
