using System.Net;
using RadioServer.Configuration;
using RadioServer.Safety;

namespace RadioServer.Tests.Safety;

[Trait("Layer", "Unit")]
public class TrustedProxiesTests
{
    private static readonly TrustedProxies Proxies = new(new StationOptions { TrustedProxies = ["127.0.0.1", "10.0.0.0/8"] });

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.7", null, "203.0.113.7")]                        // nginx on the same machine
    [InlineData("127.0.0.1", "198.51.100.1, 203.0.113.7", null, "203.0.113.7")]          // the client's own header is not believed
    [InlineData("127.0.0.1", "203.0.113.7, 10.1.2.3", null, "203.0.113.7")]              // two trusted hops
    [InlineData("127.0.0.1", "203.0.113.7:5123", null, "203.0.113.7")]
    [InlineData("192.0.2.50", "203.0.113.7", null, "192.0.2.50")]                        // not a proxy: headers change nothing
    [InlineData("127.0.0.1", null, "for=203.0.113.9;proto=https", "203.0.113.9")]        // RFC 7239
    [InlineData("127.0.0.1", null, "for=\"[2001:db8::1]:4711\"", "2001:db8::1")]
    [InlineData("127.0.0.1", "not-an-address", null, "127.0.0.1")]
    [InlineData("127.0.0.1", null, null, "127.0.0.1")]
    public void Client_PeerAndHeaders_FindTheRealClient(string peer, string? xff, string? forwarded, string expected)
    {
        var client = Proxies.Client(IPAddress.Parse(peer), name => name switch
        {
            "X-Forwarded-For" => xff,
            "Forwarded" => forwarded,
            _ => null,
        });
        Assert.Equal(IPAddress.Parse(expected), client);
    }

    [Fact]
    public void Empty_AnyPeer_IsItsOwnClient()
    {
        var none = new TrustedProxies(new StationOptions());
        Assert.Equal(IPAddress.Loopback, none.Client(IPAddress.Loopback, _ => "203.0.113.7"));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("nginx", false)]
    [InlineData("10.0.0.0/33", false)]
    public void TryParse_AddressOrCidr_IsAccepted(string entry, bool ok) => Assert.Equal(ok, TrustedProxies.TryParse(entry, out _));
}
