using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using RadioServer.Streaming.Hls;

namespace RadioServer.Hls;

/// <summary>
/// HLS over HTTP, made for caches: <c>/hls/live.m3u8</c> (the renditions), <c>/hls/&lt;rendition&gt;.m3u8</c> (live, or
/// with <c>?start=</c> from a past instant of the rewind window to live) and the segments under
/// <c>/hls/&lt;rendition&gt;/</c>. Segments never change once listed: they are immutable for a year, with byte ranges;
/// playlists live for half a segment. Everything answers cross-origin requests, so any site can embed the stream.
/// Mapped only when <c>hls.renditions</c> lists any.
/// </summary>
internal static partial class HlsEndpoints
{
    public const string SegmentCacheControl = "public, max-age=31536000, immutable";

    /// <summary>How long a playlist request waits for the first segment of a station that has just started.</summary>
    private static readonly TimeSpan FirstSegmentWait = TimeSpan.FromSeconds(6);

    public static void Map(WebApplication app)
    {
        if (app.Services.GetService<HlsSegmentStore>() is not { } store)
        {
            return;
        }

        var options = store.Options;
        double segmentSeconds = HlsOutput.FramesPer(options) * options.Renditions[0].FrameSeconds;
        int target = Math.Max(1, (int)Math.Round(segmentSeconds));
        string playlistCache = $"public, max-age={Math.Max(1, target / 2)}";
        string[] methods = [HttpMethods.Get, HttpMethods.Head];

        var audience = app.Services.GetRequiredService<HlsAudience>();
        var accessLog = app.Services.GetRequiredService<Listeners.AccessLog>();
        var addresses = app.Services.GetRequiredService<Safety.ClientAddresses>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var hls = app.MapGroup("/hls");

        // Every answer is written to the access log (caches in front are counted from it), and a client fetching a
        // rendition's playlist or segments is counted as its listener.
        hls.AddEndpointFilter(async (invocation, next) =>
        {
            var c = invocation.HttpContext;
            var started = clock.GetUtcNow();
            c.Response.OnCompleted(() =>
            {
                string ip = c.Connection.RemoteIpAddress?.ToString() ?? "-";
                long bytes = c.Response.ContentLength ?? 0;
                string? userAgent = c.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null;
                if (c.Response.StatusCode is 200 or 206 or 304 && c.Request.RouteValues["name"] is string name && store.IndexOf(name) is >= 0 and var rendition)
                {
                    audience.Seen(rendition, ip, userAgent, c.Request.Method == HttpMethods.Head ? 0 : bytes);
                }

                accessLog.Write(Listeners.AccessLog.Format(addresses.Written(ip), started, $"{c.Request.Method} {c.Request.Path}{c.Request.QueryString} {c.Request.Protocol}",
                    c.Response.StatusCode, bytes, c.Request.Headers.Referer.ToString() is { Length: > 0 } r ? r : null, userAgent, 0));
                return Task.CompletedTask;
            });
            return await next(invocation);
        });

        hls.MapMethods("/live.m3u8", methods, (HttpContext c, TimeProvider time) =>
        {
            if (!TryStart(c, time, out var start, out var error))
            {
                return error;
            }

            string query = start is null ? "" : string.Create(CultureInfo.InvariantCulture, $"?start={start.Value.ToUnixTimeMilliseconds() / 1000.0:0.###}");
            return Playlist(c, HlsPlaylist.Multivariant(options, query), start is null ? "public, max-age=60" : playlistCache);
        });

        hls.MapMethods("/{name}.m3u8", methods, async (string name, HttpContext c, TimeProvider time) =>
        {
            int rendition = store.IndexOf(name);
            if (rendition < 0)
            {
                return Results.NotFound();
            }

            if (!TryStart(c, time, out var start, out var error))
            {
                return error;
            }

            var segments = store.Segments(rendition);
            try
            {
                for (var waited = TimeSpan.Zero; segments.Count == 0 && waited < FirstSegmentWait; waited += TimeSpan.FromMilliseconds(200))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, c.RequestAborted);
                    segments = store.Segments(rendition);
                }
            }
            catch (OperationCanceledException) when (c.RequestAborted.IsCancellationRequested)
            {
                return Results.Empty; // the player left
            }

            if (segments.Count == 0)
            {
                c.Response.Headers.RetryAfter = target.ToString(CultureInfo.InvariantCulture);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            string text;
            if (start is { } instant)
            {
                // Segments that left the window are still served a while, but no playlist starts there.
                int first = store.FirstInWindow(rendition);
                var (from, offset) = HlsPlaylist.Find(segments, instant);
                text = from < first
                    ? HlsPlaylist.Media(name, segments, first, store.DiscontinuitiesBefore(rendition), target)
                    : HlsPlaylist.Media(name, segments, from, store.DiscontinuitiesBefore(rendition), target, offset);
            }
            else
            {
                text = HlsPlaylist.Media(name, segments, Math.Max(0, segments.Count - options.LiveSegments), store.DiscontinuitiesBefore(rendition), target);
            }

            c.Response.Headers.LastModified = segments[^1].End.ToString("R", CultureInfo.InvariantCulture);
            return Playlist(c, text, playlistCache);
        });

        hls.MapMethods("/{name}/{file}", methods, (string name, string file, HttpContext c) =>
        {
            int rendition = store.IndexOf(name);
            if (rendition < 0 || !SegmentFile().IsMatch(file) || !long.TryParse(file.AsSpan(0, file.Length - 3), CultureInfo.InvariantCulture, out long sequence))
            {
                return Results.NotFound();
            }

            var segments = store.Segments(rendition);
            int index = BinarySearch(segments, sequence); // numbers can have holes: segments the disk never got
            if (index < 0)
            {
                return Results.NotFound(); // never aired, or older than the window
            }

            var segment = segments[index];
            FileStream stream;
            try
            {
                stream = new FileStream(store.PathOf(rendition, segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return Results.NotFound(); // it left the window a moment ago
            }

            Cors(c);
            c.Response.Headers.CacheControl = SegmentCacheControl;
            return Results.Stream(stream, "video/mp2t", lastModified: segment.End,
                entityTag: new EntityTagHeaderValue($"\"{segment.Sequence:x}-{segment.Pts90k:x}\""), enableRangeProcessing: true);
        });

        hls.MapMethods("/{**path}", [HttpMethods.Options], (HttpContext c) =>
        {
            Cors(c);
            c.Response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
            c.Response.Headers.AccessControlAllowHeaders = "Range";
            c.Response.Headers.AccessControlMaxAge = "86400";
            return Results.NoContent();
        });
    }

    private static int BinarySearch(IReadOnlyList<HlsSegment> segments, long sequence)
    {
        int lo = 0, hi = segments.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long at = segments[mid].Sequence;
            if (at == sequence)
            {
                return mid;
            }

            if (at < sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private static bool TryStart(HttpContext c, TimeProvider time, out DateTimeOffset? start, out IResult error)
    {
        start = null;
        error = Results.Empty;
        string? text = c.Request.Query["start"];
        if (text is null)
        {
            return true;
        }

        if (!HlsPlaylist.TryParseStart(text, time.GetUtcNow(), out var instant))
        {
            error = Results.BadRequest("start must be an ISO 8601 time, Unix seconds, or negative seconds before now (e.g. -180)\n");
            return false;
        }

        start = instant;
        return true;
    }

    private static IResult Playlist(HttpContext c, string text, string cacheControl)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        string etag = $"\"{Web.WebPageEndpoints.Fnv1a(body):x16}\"";
        Cors(c);
        c.Response.Headers.CacheControl = cacheControl;
        c.Response.Headers.ETag = etag;
        return c.Request.Headers.IfNoneMatch.ToString() == etag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(body, HlsPlaylist.ContentType);
    }

    private static void Cors(HttpContext c) => c.Response.Headers.AccessControlAllowOrigin = "*";

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{8,18}\\.ts$")]
    private static partial System.Text.RegularExpressions.Regex SegmentFile();
}
