using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RadioServer.LoadTest;

/// <summary>
/// The title probe: one admin request that sets a new title (Icecast's <c>/admin/metadata?mode=updinfo</c>), whose
/// arrival each listener then watches for in its ICY blocks. <c>&lt;random&gt;</c> (or <c>{random}</c>) in the URL
/// becomes a fresh token, so an earlier run's title can never be mistaken for this one; listeners then look for the
/// token alone, which survives any escaping the server does around it.
/// </summary>
internal sealed class TitleProbe
{
    private static readonly string[] Placeholders = ["<random>", "{random}", "%3Crandom%3E", "%3crandom%3e"];

    private TitleProbe(Uri requestUri, string credentials, string title, string match)
    {
        RequestUri = requestUri;
        Credentials = credentials;
        Title = title;
        MatchBytes = Encoding.UTF8.GetBytes(match);
    }

    /// <summary>The URL without its user:password part.</summary>
    public Uri RequestUri { get; }

    /// <summary>The title the request sets.</summary>
    public string Title { get; }

    /// <summary>The bytes a metadata block must contain to carry the new title.</summary>
    public byte[] MatchBytes { get; }

    private string Credentials { get; }

    /// <summary>
    /// The probe for <paramref name="url"/> with <paramref name="token"/> in place of the placeholder; null unless it is
    /// an http URL on a 127.x.x.x address with credentials and a <c>song=</c> (or <c>artist=</c> and <c>title=</c>).
    /// </summary>
    public static TitleProbe? Create(string url, string token)
    {
        string filled = url;
        bool hasPlaceholder = false;
        foreach (string placeholder in Placeholders)
        {
            hasPlaceholder |= filled.Contains(placeholder, StringComparison.Ordinal);
            filled = filled.Replace(placeholder, token, StringComparison.Ordinal);
        }

        if (!Uri.TryCreate(filled, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || Loopback.Parse(uri.Host) is null || !uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        string? song = null, artist = null, title = null;
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? pair : pair[..eq];
            string value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            switch (key)
            {
                case "song": song = value; break;
                case "artist": artist = value; break;
                case "title": title = value; break;
            }
        }

        string? full = song is { Length: > 0 } ? song : artist is { Length: > 0 } && title is not null ? $"{artist} - {title}" : null;
        if (full is null)
        {
            return null;
        }

        var bare = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        return new TitleProbe(bare, Uri.UnescapeDataString(uri.UserInfo), full, hasPlaceholder ? token : full);
    }

    /// <summary>A token of 8 hex digits.</summary>
    public static string NewToken() => Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));

    /// <summary>
    /// Sends the request (HTTP/1.0 on a plain socket, like the listeners: no HTTP client to load and JIT in the middle
    /// of the measurement) and reads the status line; returns the status (0 if it failed) and how long it took.
    /// </summary>
    public async Task<(int Status, TimeSpan Elapsed, string? Error)> SendAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        byte[] request = Encoding.ASCII.GetBytes(
            $"GET {RequestUri.PathAndQuery} HTTP/1.0\r\nHost: {RequestUri.Authority}\r\nUser-Agent: RadioServer.LoadTest/1.0\r\n"
            + $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials))}\r\n\r\n");
        var buffer = new byte[16 * 1024];
        long start = Stopwatch.GetTimestamp();
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(Loopback.Parse(RequestUri.Host)!, RequestUri.Port), timeout.Token);
            await socket.SendAsync(request, SocketFlags.None, timeout.Token);
            int filled = 0;
            while (filled < buffer.Length)
            {
                int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token);
                filled += read;
                if (read == 0 || ResponseHead.FindEnd(buffer.AsSpan(0, filled)) >= 0)
                {
                    break;
                }
            }

            int status = ResponseHead.Parse(buffer.AsSpan(0, filled)).Status;
            return (status, Stopwatch.GetElapsedTime(start), status == 0 ? "no HTTP response" : null);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return (0, Stopwatch.GetElapsedTime(start), e is OperationCanceledException ? "no answer within 10 s" : e.Message);
        }
    }
}
