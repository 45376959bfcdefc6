using System.Net;
using RadioServer.Configuration;

namespace RadioServer.Safety;

/// <summary>
/// <c>station.trusted_proxies</c> and the one rule for finding the real client behind them, used by the raw Icecast
/// path (<c>Connections/</c>, <c>Source/</c>) exactly as ASP.NET Core's forwarded-headers middleware applies it to
/// every other request (<see cref="ForwardedHeadersSetup"/>): only when the connection's peer is a trusted proxy,
/// <c>X-Forwarded-For</c> (else <c>Forwarded: for=</c>) is read from the right, skipping trusted proxies; the first
/// address that is not one is the client. From any other peer the headers change nothing.
/// </summary>
public sealed class TrustedProxies
{
    private readonly List<IPNetwork> _networks = [];

    public TrustedProxies(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (string entry in options.TrustedProxies)
        {
            _networks.Add(TryParse(entry, out var network) ? network : throw new FormatException($"trusted_proxies: '{entry}' is not an address or CIDR network"));
        }
    }

    /// <summary>The configured networks (single addresses as /32 or /128).</summary>
    public IReadOnlyList<IPNetwork> Networks => _networks;

    public bool IsEmpty => _networks.Count == 0;

    /// <summary>Whether <paramref name="entry"/> is an address or a CIDR network (<c>StationConfigLoader</c> reports the others).</summary>
    public static bool TryParse(string entry, out IPNetwork network)
    {
        network = default;
        entry = entry?.Trim() ?? "";
        if (IPNetwork.TryParse(entry, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(entry, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    public bool IsTrusted(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The client behind <paramref name="peer"/>: the peer itself unless it is a trusted proxy that forwarded an
    /// address. <paramref name="header"/> reads a request header by name (null when absent).
    /// </summary>
    public IPAddress? Client(IPAddress? peer, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!IsTrusted(peer))
        {
            return peer;
        }

        var hops = Hops(header("X-Forwarded-For"), forwarded: false);
        if (hops.Count == 0)
        {
            hops = Hops(header("Forwarded"), forwarded: true);
        }

        var client = peer;
        for (int i = hops.Count - 1; i >= 0; i--)
        {
            if (hops[i] is not { } hop)
            {
                break; // an unreadable entry: stop at the last address we could trust
            }

            client = hop;
            if (!IsTrusted(hop))
            {
                break;
            }
        }

        return client;
    }

    /// <summary>The client's address as text (IPv4-mapped IPv6 as plain IPv4, so limits count one client once), or <c>-</c>.</summary>
    public string ClientIp(System.Net.EndPoint? remote, Func<string, string?> header)
    {
        var client = Client((remote as IPEndPoint)?.Address, header);
        return client is null ? "-" : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
    }

    /// <summary>The addresses of an <c>X-Forwarded-For</c> list or of the <c>for=</c> parameters of <c>Forwarded</c> (RFC 7239), left to right; null for an entry that is not an address.</summary>
    private static List<IPAddress?> Hops(string? value, bool forwarded)
    {
        var hops = new List<IPAddress?>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return hops;
        }

        foreach (string element in value.Split(','))
        {
            string item = element.Trim();
            if (forwarded)
            {
                string? found = null;
                foreach (string pair in item.Split(';'))
                {
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0 && pair[..eq].Trim().Equals("for", StringComparison.OrdinalIgnoreCase))
                    {
                        found = pair[(eq + 1)..].Trim().Trim('"');
                    }
                }

                if (found is null)
                {
                    continue;
                }

                item = found;
            }

            hops.Add(ParseHop(item));
        }

        return hops;
    }

    /// <summary>An address as proxies write it: <c>1.2.3.4</c>, <c>1.2.3.4:5678</c>, <c>[2001:db8::1]</c>, <c>[2001:db8::1]:5678</c>, <c>2001:db8::1</c>.</summary>
    private static IPAddress? ParseHop(string item)
    {
        if (IPAddress.TryParse(item, out var address))
        {
            return address;
        }

        if (IPEndPoint.TryParse(item, out var endPoint))
        {
            return endPoint.Address;
        }

        return null;
    }
}
