using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RadioServer.Configuration;

namespace RadioServer.Safety;

/// <summary>
/// Turns a client's address into what may be written out (<c>station.ip_privacy</c>): <c>truncate</c> keeps the
/// network (IPv4 /24, IPv6 /48), <c>hash</c> an HMAC-SHA-256 under a key kept apart from what is written (same
/// client, same hash; not reversible, not even by trying all 2³² IPv4 addresses, without the key), <c>none</c> the
/// address, <c>drop</c> nothing.
/// </summary>
public static class IpPrivacy
{
    public static string? Apply(IpPrivacyMode mode, string ip, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(ip);
        switch (mode)
        {
            case IpPrivacyMode.Drop:
                return null;
            case IpPrivacyMode.None:
                return IPAddress.TryParse(ip, out var plain) ? Normalise(plain).ToString() : SafeText.Escape(ip);
            case IpPrivacyMode.Hash:
                if (IPAddress.TryParse(ip, out var hashed))
                {
                    ip = Normalise(hashed).ToString();
                }

                return "h:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(ip)))[..16];
            default:
                if (!IPAddress.TryParse(ip, out var address))
                {
                    return null;
                }

                address = Normalise(address);
                byte[] bytes = address.GetAddressBytes();
                int keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
                bytes.AsSpan(keep).Clear();
                return new IPAddress(bytes).ToString();
        }
    }

    /// <summary><c>::ffff:1.2.3.4</c> (a dual-stack socket's view of an IPv4 client) is written as <c>1.2.3.4</c>.</summary>
    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
