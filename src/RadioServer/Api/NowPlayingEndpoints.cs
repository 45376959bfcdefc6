using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using RadioServer.NowPlaying;
using RadioServer.Safety;

namespace RadioServer.Api;

/// <summary>
/// <c>GET /api/nowplaying</c> (the whole state as JSON) and <c>GET /api/nowplaying/events</c>, a server-sent-event
/// stream that sends the whole state at once, again on every change (track start, title update) and when the
/// listener count changed (checked every <see cref="ListenerCheck"/>), with a comment line as keep-alive for proxies.
/// </summary>
internal static class NowPlayingEndpoints
{
    /// <summary>How often a subscriber's stream looks at the listener count.</summary>
    public static readonly TimeSpan ListenerCheck = TimeSpan.FromSeconds(2);

    /// <summary>A comment line this often keeps proxies from closing an idle stream.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>snake_case, as the rest of the station's config and Icecast's JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = ApiJsonContext.Default,
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/nowplaying", (HttpContext c, NowPlayingService nowPlaying) =>
        {
            c.Response.Headers.AccessControlAllowOrigin = "*";
            c.Response.Headers.CacheControl = "no-cache";
            return Results.Json(nowPlaying.Snapshot(BaseUrl(c)), ApiJsonContext.For<NowPlayingDocument>());
        });

        app.MapGet("/api/nowplaying/events", StreamAsync);
    }

    /// <summary>The station's absolute base URL as the client reached it (scheme, host, path base), without a trailing slash.</summary>
    public static string BaseUrl(HttpContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string host = c.Request.Host.HasValue ? c.Request.Host.Value! : $"{c.Connection.LocalIpAddress}:{c.Connection.LocalPort}";
        return $"{c.Request.Scheme}://{host}{c.Request.PathBase}";
    }

    private static async Task StreamAsync(HttpContext c, NowPlayingService nowPlaying, IHostApplicationLifetime lifetime, TimeProvider time, SubscriberGate gate)
    {
        var response = c.Response;
        if (!gate.TryEnter())
        {
            // max_sse_subscribers reached: say so at once (EventSource retries on its own later).
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "30";
            await response.WriteAsync("too many now-playing subscribers\n", c.RequestAborted).ConfigureAwait(false);
            return;
        }

        try
        {
            await SubscribedAsync(c, nowPlaying, lifetime, time).ConfigureAwait(false);
        }
        finally
        {
            gate.Leave();
        }
    }

    private static async Task SubscribedAsync(HttpContext c, NowPlayingService nowPlaying, IHostApplicationLifetime lifetime, TimeProvider time)
    {
        var response = c.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not buffer the stream
        string baseUrl = BaseUrl(c);
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged() => signal.Writer.TryWrite(true);
        nowPlaying.Changed += OnChanged;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await response.WriteAsync("retry: 2000\n\n", stop.Token).ConfigureAwait(false);
            int listeners = await SendAsync(response, nowPlaying, baseUrl, stop.Token).ConfigureAwait(false);
            long lastWrite = time.GetTimestamp();
            Task<bool>? changed = null;
            while (!stop.IsCancellationRequested)
            {
                changed ??= signal.Reader.WaitToReadAsync(stop.Token).AsTask();
                using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
                {
                    var delay = Task.Delay(ListenerCheck, time, tick.Token);
                    await Task.WhenAny(changed, delay).ConfigureAwait(false);
                    await tick.CancelAsync().ConfigureAwait(false);
                }

                stop.Token.ThrowIfCancellationRequested();
                if (changed.IsCompleted)
                {
                    changed = null;
                    signal.Reader.TryRead(out _);
                }
                else if (nowPlaying.TotalListeners == listeners)
                {
                    if (time.GetElapsedTime(lastWrite) >= KeepAlive)
                    {
                        await response.WriteAsync(": keep-alive\n\n", stop.Token).ConfigureAwait(false);
                        await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                        lastWrite = time.GetTimestamp();
                    }

                    continue;
                }

                listeners = await SendAsync(response, nowPlaying, baseUrl, stop.Token).ConfigureAwait(false);
                lastWrite = time.GetTimestamp();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the subscriber left or the server is stopping
        }
        finally
        {
            nowPlaying.Changed -= OnChanged;
        }
    }

    private static async Task<int> SendAsync(HttpResponse response, NowPlayingService nowPlaying, string baseUrl, CancellationToken cancellationToken)
    {
        var document = nowPlaying.Snapshot(baseUrl);
        var json = JsonSerializer.Serialize(document, ApiJsonContext.For<NowPlayingDocument>());
        var text = new StringBuilder(json.Length + 64)
            .Append("event: nowplaying\nid: ").Append(document.Version).Append("\ndata: ").Append(json).Append("\n\n").ToString();
        await response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        return document.Listeners;
    }
}
