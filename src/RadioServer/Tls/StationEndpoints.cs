using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace RadioServer.Tls;

/// <summary>
/// Binds the station's addresses itself when any of them is HTTPS, so that each HTTPS endpoint runs TLS first and
/// the Icecast connection middleware after it, on the decrypted bytes. (Kestrel's own URL binding applies the
/// endpoint defaults, where the middleware is registered for every endpoint, before TLS: that instance would read
/// the TLS handshake as a request head. It lets TLS records pass, see <c>IcecastConnectionMiddleware</c>.)
/// </summary>
internal static class StationEndpoints
{
    public static void Bind(KestrelServerOptions kestrel, IReadOnlyList<ListenAddress> addresses, Func<ListenOptions, Func<ConnectionDelegate, ConnectionDelegate>> icecast)
    {
        foreach (var address in addresses)
        {
            void Configure(ListenOptions listen)
            {
                if (!address.Https)
                {
                    return; // the endpoint defaults already put the Icecast middleware on it
                }

                var store = listen.ApplicationServices.GetRequiredService<CertificateStore>();
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(store.ServerOptions),
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                });
                listen.Use(icecast(listen));
            }

            if (address.Localhost)
            {
                kestrel.ListenLocalhost(address.Port, Configure);
            }
            else if (address.Host is null)
            {
                kestrel.ListenAnyIP(address.Port, Configure);
            }
            else
            {
                kestrel.Listen(address.Host, address.Port, Configure);
            }
        }
    }
}
