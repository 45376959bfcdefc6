using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RadioServer.Configuration;

namespace RadioServer.Stats;

/// <summary>
/// Turns a listener's address into what may be stored (<c>station.ip_privacy</c>): <c>truncate</c> keeps the
/// network (IPv4 /24, IPv6 /48), <c>hash</c> a salted SHA-256 (same listener, same hash; not reversible without
/// the salt), <c>none</c> the address, <c>drop</c> nothing.
/// </summary>
public static class IpPrivacy
{
    public static string? Apply(IpPrivacyMode mode, string ip, ReadOnlySpan<byte> salt)
    {
        switch (mode)
        {
            case IpPrivacyMode.Drop:
                return null;
            case IpPrivacyMode.None:
                return ip;
            case IpPrivacyMode.Hash:
                byte[] data = [.. salt, .. Encoding.UTF8.GetBytes(ip)];
                return "h:" + Convert.ToHexStringLower(SHA256.HashData(data))[..16];
            default:
                if (!IPAddress.TryParse(ip, out var address))
                {
                    return null;
                }

                if (address.IsIPv4MappedToIPv6)
                {
                    address = address.MapToIPv4();
                }

                byte[] bytes = address.GetAddressBytes();
                int keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
                bytes.AsSpan(keep).Clear();
                return new IPAddress(bytes).ToString();
        }
    }
}
