using System.Globalization;
using System.Net;

namespace RadioServer.Tls;

/// <summary>One address the station listens on, parsed from <c>--urls</c>/<c>listen</c>/<c>https_listen</c> syntax.</summary>
/// <param name="Host">An IP address, or null for every address (<c>*</c>, <c>+</c>) or localhost (see <paramref name="Localhost"/>).</param>
internal sealed record ListenAddress(bool Https, IPAddress? Host, bool Localhost, int Port)
{
    /// <summary>Parses <c>;</c>-separated URLs such as <c>http://0.0.0.0:8000;https://*:8443</c>.</summary>
    public static IReadOnlyList<ListenAddress> ParseAll(string urls)
    {
        var list = new List<ListenAddress>();
        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            list.Add(Parse(url));
        }

        return list;
    }

    public static ListenAddress Parse(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            throw new FormatException($"'{url}' is not an address such as http://0.0.0.0:8000");
        }

        bool https = url[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase);
        if (!https && !url[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{url}': only http:// and https:// addresses are served");
        }

        string rest = url[(scheme + 3)..].TrimEnd('/');
        int colon = rest.LastIndexOf(':');
        int port = https ? 443 : 80;
        string host = rest;
        if (colon > rest.LastIndexOf(']'))
        {
            host = rest[..colon];
            port = int.Parse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        }

        host = host.Trim('[', ']');
        if (host is "*" or "+" or "")
        {
            return new ListenAddress(https, null, false, port);
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress(https, null, true, port);
        }

        return IPAddress.TryParse(host, out var ip)
            ? new ListenAddress(https, ip, false, port)
            : throw new FormatException($"'{url}': listen on an IP address, * or localhost, not a host name");
    }
}
