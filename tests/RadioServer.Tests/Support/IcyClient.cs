using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace RadioServer.Tests.Support;

/// <summary>
/// A minimal listener on a raw socket, like a hardware radio: sends a request head, reads the response
/// head, then separates audio from ICY metadata blocks. Records when each byte arrived and where each
/// title change sits in the audio.
/// </summary>
internal sealed class IcyClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private Stream _stream = null!;
    private int _metaInt;
    private int _untilMeta;
    private readonly MemoryStream _audio = new();

    public string ResponseHead { get; private set; } = "";

    public IReadOnlyList<(long AudioOffset, string Title)> Titles => _titles;

    /// <summary>Every non-empty ICY metadata block as sent (NUL padding removed).</summary>
    public IReadOnlyList<string> Blocks => _blocks;

    private readonly List<string> _blocks = [];

    /// <summary>(seconds since the head arrived, audio bytes so far), once per read.</summary>
    public IReadOnlyList<(double Seconds, long Bytes)> Arrivals => _arrivals;

    public byte[] Audio => _audio.ToArray();

    /// <summary>
    /// Asserts the stream came without a hole: no pause of 1.5 s or more between reads after the first half second (the
    /// station writes every 0.5 s; one write may come a few hundred ms late and the next catches up, which a player's
    /// buffer covers), and at least 99 % of <paramref name="kbps"/> over the whole time.
    /// </summary>
    public void AssertUnbroken(int kbps = 128, string context = "")
    {
        var arrivals = Arrivals.Where(a => a.Seconds > 0.5).ToList();
        for (int i = 1; i < arrivals.Count; i++)
        {
            Assert.True(arrivals[i].Seconds - arrivals[i - 1].Seconds < 1.5, $"a pause in the stream at {arrivals[i - 1].Seconds:F1} s\n{context}");
        }

        double seconds = Arrivals[^1].Seconds - Arrivals[0].Seconds;
        long bytes = _audio.Length;
        Assert.True(bytes >= kbps * 125 * seconds * 0.99, $"{bytes} bytes in {seconds:F1} s at {kbps} kbps\n{context}");
    }

    private readonly List<(long, string)> _titles = [];
    private readonly List<(double, long)> _arrivals = [];

    /// <summary>
    /// Connects (from <paramref name="from"/> when given: any 127.x.y.z works on Linux loopback) and sends the request
    /// head with <paramref name="userAgent"/> and any <paramref name="extraHeaders"/> (lines ending in CRLF) as raw bytes.
    /// </summary>
    public static async Task<IcyClient> ConnectAsync(Uri url, bool icyMetadata = true, string protocol = "HTTP/1.0",
        string userAgent = "IcyClient/1.0", System.Net.IPAddress? from = null, string extraHeaders = "")
    {
        var client = new IcyClient();
        if (from is not null)
        {
            client._tcp.Client.Bind(new System.Net.IPEndPoint(from, 0));
        }

        await client._tcp.ConnectAsync(url.Host, url.Port).ConfigureAwait(false);
        client._stream = client._tcp.GetStream();
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            // The tests' own self-signed certificate: any is accepted here; the HTTPS tests check which one was served.
            var ssl = new System.Net.Security.SslStream(client._stream, false, (_, certificate, _, errors) => TestCertificate.Accept(certificate, errors));
            await ssl.AuthenticateAsClientAsync(url.Host).ConfigureAwait(false);
            client._stream = ssl;
        }

        string head = $"GET {url.PathAndQuery} {protocol}\r\nHost: {url.Authority}\r\nUser-Agent: {userAgent}\r\n" +
                      (icyMetadata ? "Icy-MetaData: 1\r\n" : "") + extraHeaders + "\r\n";
        await client._stream.WriteAsync(Encoding.Latin1.GetBytes(head)).ConfigureAwait(false);
        await client.ReadHeadAsync().ConfigureAwait(false);
        return client;
    }

    private async Task ReadHeadAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                break;
            }

            head.Add(one[0]);
        }

        ResponseHead = Encoding.UTF8.GetString(head.ToArray());
        foreach (var line in ResponseHead.Split("\r\n"))
        {
            if (line.StartsWith("icy-metaint:", StringComparison.OrdinalIgnoreCase))
            {
                _metaInt = int.Parse(line["icy-metaint:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        _untilMeta = _metaInt;
    }

    /// <summary>Reads for <paramref name="duration"/> of real time (or until the server closes).</summary>
    public Task ReadForAsync(TimeSpan duration) => ReadAsync(duration, long.MaxValue);

    /// <summary>
    /// Reads until more than <paramref name="length"/> bytes of audio have come in all, for up to <paramref name="limit"/>
    /// (or until the server closes). For "the audio keeps coming": a fixed window holds a whole number of the server's
    /// 500 ms writes only when none of them is late, which a loaded machine does not promise.
    /// </summary>
    public Task ReadUntilAudioPastAsync(long length, TimeSpan limit) => ReadAsync(limit, length);

    private async Task ReadAsync(TimeSpan duration, long untilAudioPast)
    {
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(duration);
        var buffer = new byte[16384];
        var pendingMeta = new List<byte>();
        int metaLength = -1;
        try
        {
            while (true)
            {
                int n = await _stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                Demux(buffer.AsSpan(0, n), pendingMeta, ref metaLength);
                _arrivals.Add((clock.Elapsed.TotalSeconds, _audio.Length));
                if (_audio.Length > untilAudioPast)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // time is up, or the test closed the connection
        }
    }

    private void Demux(ReadOnlySpan<byte> data, List<byte> meta, ref int metaLength)
    {
        while (!data.IsEmpty)
        {
            if (_metaInt == 0 || _untilMeta > 0)
            {
                int take = _metaInt == 0 ? data.Length : Math.Min(_untilMeta, data.Length);
                _audio.Write(data[..take]);
                data = data[take..];
                _untilMeta -= take;
                continue;
            }

            if (metaLength < 0)
            {
                metaLength = data[0] * 16;
                data = data[1..];
            }

            int want = Math.Min(metaLength - meta.Count, data.Length);
            meta.AddRange(data[..want].ToArray());
            data = data[want..];
            if (meta.Count == metaLength)
            {
                if (metaLength > 0)
                {
                    string text = Encoding.UTF8.GetString(meta.ToArray()).TrimEnd('\0');
                    _blocks.Add(text);
                    const string prefix = "StreamTitle='";
                    int end = text.LastIndexOf("';", StringComparison.Ordinal);
                    _titles.Add((_audio.Length, text.StartsWith(prefix, StringComparison.Ordinal) && end >= prefix.Length ? text[prefix.Length..end] : text));
                }

                meta.Clear();
                metaLength = -1;
                _untilMeta = _metaInt;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        _audio.Dispose();
        return ValueTask.CompletedTask;
    }
}
